'use server';

import { guardForm, guardPage } from '@/app/_lib/database-away';
import { redirect } from 'next/navigation';
import { z } from 'zod';
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
import type { FormState } from '@/app/_lib/form-state';
import { validateForm } from '@/app/_lib/validate-form';
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

/** A field that must hold something (spaces alone do not count), kept as typed. */
const filled = (message: string) =>
  z
    .string()
    .refine((value) => value.trim() !== '', message)
    .max(MAX, 'That is too long.');

const ENTER_PASSWORD = 'Enter your current password.';
const setupSchema = z.object({ setupPassword: filled(ENTER_PASSWORD) });
const confirmSchema = z.object({ confirmCode: filled('Enter the 6-digit code your app shows.') });
const offSchema = z.object({ offPassword: filled(ENTER_PASSWORD), offCode: filled('Enter a code from your app, or a recovery code.') });
const codesSchema = z.object({ codesPassword: filled(ENTER_PASSWORD) });

/** "Set up": the current password, then a new secret waits for its first code. */
export const startTwoFactorAction = guardForm(async function startTwoFactorAction(
  _previous: TwoFactorState,
  formData: FormData,
): Promise<TwoFactorState> {
  const { user } = await requireSession();
  const form = validateForm(formData, { fields: ['setupPassword'], schema: setupSchema });
  if (!form.ok) return form.state;
  const started = await startTwoFactorEnrolment(user, form.data.setupPassword, await actionContext());
  if (!started.ok) return explain(started.error, { password: 'setupPassword' });
  redirect('/account/two-factor');
});

/** A current code from the app turns it on; the recovery codes go to the page once. */
export const confirmTwoFactorAction = guardForm(async function confirmTwoFactorAction(
  _previous: TwoFactorState,
  formData: FormData,
): Promise<TwoFactorState> {
  const { user } = await requireSession();
  const form = validateForm(formData, { fields: ['confirmCode'], schema: confirmSchema });
  if (!form.ok) return form.state;
  const confirmed = await confirmTwoFactorEnrolment(user, form.data.confirmCode, await actionContext());
  if (!confirmed.ok) return explain(confirmed.error, { code: 'confirmCode' });
  await handOverRecoveryCodes(user.id, confirmed.value.recoveryCodes);
  redirect('/account/two-factor?status=enabled');
});

export const cancelTwoFactorAction = guardPage(async function cancelTwoFactorAction(): Promise<void> {
  const { user } = await requireSession();
  await cancelTwoFactorEnrolment(user.id);
  redirect('/account/two-factor');
});

/** "Turn off": the current password and a code (or a recovery code). */
export const disableTwoFactorAction = guardForm(async function disableTwoFactorAction(
  _previous: TwoFactorState,
  formData: FormData,
): Promise<TwoFactorState> {
  const { user } = await requireSession();
  const form = validateForm(formData, { fields: ['offPassword', 'offCode'], schema: offSchema });
  if (!form.ok) return form.state;
  const result = await disableTwoFactor(user, form.data.offPassword, form.data.offCode, await actionContext());
  if (!result.ok) return explain(result.error, { password: 'offPassword', code: 'offCode' });
  await forgetRecoveryCodes();
  redirect('/account/two-factor?status=turned-off');
});

/** New recovery codes for the current password; the old ones stop working. */
export const regenerateRecoveryCodesAction = guardForm(async function regenerateRecoveryCodesAction(
  _previous: TwoFactorState,
  formData: FormData,
): Promise<TwoFactorState> {
  const { user } = await requireSession();
  const form = validateForm(formData, { fields: ['codesPassword'], schema: codesSchema });
  if (!form.ok) return form.state;
  const made = await regenerateRecoveryCodes(user, form.data.codesPassword, await actionContext());
  if (!made.ok) return explain(made.error, { password: 'codesPassword' });
  await handOverRecoveryCodes(user.id, made.value.recoveryCodes);
  redirect('/account/two-factor?status=new-codes');
});

/** "I have saved them": the codes leave this browser. */
export const recoveryCodesSavedAction = guardPage(async function recoveryCodesSavedAction(): Promise<void> {
  await requireSession();
  await forgetRecoveryCodes();
  redirect('/account/two-factor?status=saved');
});
