'use server';

import { redirect } from 'next/navigation';
import {
  cancelTwoFactorEnrolment,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorEnrolment,
} from '@/lib/auth/two-factor';
import type { AuthFailure } from '@/lib/auth';
import { forgetRecoveryCodes, handOverRecoveryCodes } from '@/lib/cookies/recovery-codes';
import { CHECK_FIELDS, serviceBusy, tooManyAttempts } from '@/app/_lib/auth-messages';
import { readFields, type FormState } from '@/app/_lib/form-state';
import { actionContext } from '@/app/_lib/request-context';
import { requireSession } from '@/app/_lib/require-session';

/**
 * The account page's two-factor forms. None of their states holds a password, a code, the secret
 * or a recovery code: new recovery codes travel to the page in a sealed cookie.
 */
export type TwoFactorField = 'setupPassword' | 'confirmCode' | 'offPassword' | 'offCode' | 'codesPassword';
export type TwoFactorState = FormState<TwoFactorField>;

const WRONG_PASSWORD = 'That is not your current password.';
const WRONG_CODE = "That code didn't work. Codes work once; wait for the next one.";
const MAX = 1024;

/** A failure of the core in the words of the form; null when it is not one of these. */
function explain(error: AuthFailure, fields: { password?: TwoFactorField; code?: TwoFactorField }): TwoFactorState {
  const held = tooManyAttempts(error) ?? serviceBusy(error);
  if (held) return { status: 'error', message: held };
  if ((error.code === 'INVALID_PASSWORD' || error.code === 'CURRENT_PASSWORD_REQUIRED') && fields.password) {
    return { status: 'error', message: CHECK_FIELDS, fieldErrors: { [fields.password]: [WRONG_PASSWORD] } };
  }
  if (error.code === 'INVALID_OTP' && fields.code) return { status: 'error', message: CHECK_FIELDS, fieldErrors: { [fields.code]: [WRONG_CODE] } };
  // Already on, not on, not started: another tab changed it meanwhile; the page shows how it is now.
  return { status: 'error', message: 'Two-factor authentication changed in another window. Reload the page to see how it is now.' };
}

function required(value: string, field: TwoFactorField, message: string): TwoFactorState | null {
  if (value === '' || value.trim() === '') return { status: 'error', message: CHECK_FIELDS, fieldErrors: { [field]: [message] } };
  if (value.length > MAX) return { status: 'error', message: CHECK_FIELDS, fieldErrors: { [field]: ['That is too long.'] } };
  return null;
}

/** "Set up": the current password, then a new secret waits for its first code. */
export async function startTwoFactorAction(_previous: TwoFactorState, formData: FormData): Promise<TwoFactorState> {
  const { user } = await requireSession();
  const { setupPassword } = readFields(formData, ['setupPassword']);
  const missing = required(setupPassword, 'setupPassword', 'Enter your current password.');
  if (missing) return missing;
  const started = await startTwoFactorEnrolment(user, setupPassword, await actionContext());
  if (!started.ok) return explain(started.error, { password: 'setupPassword' });
  redirect('/account/two-factor');
}

/** A current code from the app turns it on; the recovery codes go to the page once. */
export async function confirmTwoFactorAction(_previous: TwoFactorState, formData: FormData): Promise<TwoFactorState> {
  const { user } = await requireSession();
  const { confirmCode } = readFields(formData, ['confirmCode']);
  const missing = required(confirmCode, 'confirmCode', 'Enter the 6-digit code your app shows.');
  if (missing) return missing;
  const confirmed = await confirmTwoFactorEnrolment(user, confirmCode, await actionContext());
  if (!confirmed.ok) return explain(confirmed.error, { code: 'confirmCode' });
  await handOverRecoveryCodes(user.id, confirmed.value.recoveryCodes);
  redirect('/account/two-factor?status=enabled');
}

export async function cancelTwoFactorAction(): Promise<void> {
  const { user } = await requireSession();
  await cancelTwoFactorEnrolment(user.id);
  redirect('/account/two-factor');
}

/** "Turn off": the current password and a code (or a recovery code). */
export async function disableTwoFactorAction(_previous: TwoFactorState, formData: FormData): Promise<TwoFactorState> {
  const { user } = await requireSession();
  const { offPassword, offCode } = readFields(formData, ['offPassword', 'offCode']);
  const problems = [
    required(offPassword, 'offPassword', 'Enter your current password.'),
    required(offCode, 'offCode', 'Enter a code from your app, or a recovery code.'),
  ].filter((p): p is TwoFactorState => p !== null);
  if (problems.length > 0) {
    return { status: 'error', message: CHECK_FIELDS, fieldErrors: Object.assign({}, ...problems.map((p) => p.fieldErrors)) };
  }
  const result = await disableTwoFactor(user, offPassword, offCode, await actionContext());
  if (!result.ok) return explain(result.error, { password: 'offPassword', code: 'offCode' });
  await forgetRecoveryCodes();
  redirect('/account/two-factor?status=turned-off');
}

/** New recovery codes for the current password; the old ones stop working. */
export async function regenerateRecoveryCodesAction(_previous: TwoFactorState, formData: FormData): Promise<TwoFactorState> {
  const { user } = await requireSession();
  const { codesPassword } = readFields(formData, ['codesPassword']);
  const missing = required(codesPassword, 'codesPassword', 'Enter your current password.');
  if (missing) return missing;
  const made = await regenerateRecoveryCodes(user, codesPassword, await actionContext());
  if (!made.ok) return explain(made.error, { password: 'codesPassword' });
  await handOverRecoveryCodes(user.id, made.value.recoveryCodes);
  redirect('/account/two-factor?status=new-codes');
}

/** "I have saved them": the codes leave this browser. */
export async function recoveryCodesSavedAction(): Promise<void> {
  await requireSession();
  await forgetRecoveryCodes();
  redirect('/account/two-factor?status=saved');
}
