'use server';

import { guardForm, guardPage } from '@/app/_lib/database-away';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import {
  cancelEmailChange,
  changePassword,
  hasFieldCode,
  normalizeEmail,
  revokeAllSessions,
  revokeSession,
  unlinkIdentity,
  updateUser,
} from '@/lib/auth';
import { deleteAccount } from '@/lib/auth/delete-account';
import { clearSessionCookie, endSession } from '@/lib/cookies/session';
import { CHECK_FIELDS, serviceBusy, tooManyAttempts } from '@/app/_lib/auth-messages';
import { readFields, type FormState } from '@/app/_lib/form-state';
import { validateForm } from '@/app/_lib/validate-form';
import { newPasswordProblem, passwordFailureMessage } from '@/app/_lib/passwords';
import { actionContext } from '@/app/_lib/request-context';
import { requireSession } from '@/app/_lib/require-session';

export type SessionsState = FormState<never>;
export type ChangePasswordField = 'currentPassword' | 'newPassword';
export type ChangePasswordState = FormState<ChangePasswordField>;

/** Sign out: the token is revoked in the database, so a copy of the cookie is worth nothing. */
export const signOutAction = guardPage(async function signOutAction(): Promise<void> {
  await endSession(await actionContext());
  redirect('/login?status=signed-out');
});

/** "Log out" on one session, or "Log out everywhere else", chosen by the button pressed. */
export const manageSessionsAction = guardForm(async function manageSessionsAction(
  _previous: SessionsState,
  formData: FormData,
): Promise<SessionsState> {
  const current = await requireSession();
  const { intent, session } = readFields(formData, ['intent', 'session']);
  const context = await actionContext();
  if (intent === 'revoke-others') {
    await revokeAllSessions(current.user.id, { ...context, keepTokenHash: current.token.id });
    revalidatePath('/account');
    return { status: 'success', message: 'Every other session has been logged out.' };
  }
  if (intent === 'revoke' && session !== '') {
    if (session === current.token.handle) {
      await endSession(context);
      redirect('/login?status=signed-out');
    }
    const revoked = await revokeSession(current.user.id, session, context);
    revalidatePath('/account');
    return revoked
      ? { status: 'success', message: 'That session has been logged out.' }
      : { status: 'error', message: 'That session had already ended.' };
  }
  return { status: 'error', message: 'Nothing was changed. Please try again.' };
});

function changeSchema(account: { email: string; username: string | null }) {
  return z.object({
    currentPassword: z.string().min(1, 'Enter your current password.'),
    newPassword: z.string().superRefine((password, ctx) => {
      const problem = newPasswordProblem(password, account);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  });
}

export const changePasswordAction = guardForm(async function changePasswordAction(
  _previous: ChangePasswordState,
  formData: FormData,
): Promise<ChangePasswordState> {
  const current = await requireSession();
  const form = validateForm(formData, { fields: ['currentPassword', 'newPassword'], schema: changeSchema(current.user) });
  if (!form.ok) return form.state;
  const { currentPassword, newPassword } = form.data;
  const result = await changePassword(current.user, current.token.id, currentPassword, newPassword, await actionContext());
  if (!result.ok) {
    const held = tooManyAttempts(result.error) ?? serviceBusy(result.error);
    if (held) return { status: 'error', message: held };
    const wrongCurrent = result.error.reason === 'wrong-current-password';
    return {
      status: 'error',
      message: CHECK_FIELDS,
      fieldErrors: wrongCurrent
        ? { currentPassword: ['That is not your current password.'] }
        : { newPassword: [passwordFailureMessage(result.error)] },
    };
  }
  revalidatePath('/account');
  return { status: 'success', message: 'Your password has been changed. Every other session has been logged out.' };
});

export type ChangeEmailField = 'email' | 'currentPassword';
export type ChangeEmailState = FormState<ChangeEmailField>;

const changeEmailSchema = z.object({
  email: z.string().trim().min(1, 'Enter the new email address.').max(254, 'That address is too long.'),
  currentPassword: z.string().min(1, 'Enter your current password.'),
});

/**
 * "Change email": nothing changes until the link mailed to the new address is used; the old
 * address is told, with a way to undo it (docs/decisions/013).
 */
export const changeEmailAction = guardForm(async function changeEmailAction(
  _previous: ChangeEmailState,
  formData: FormData,
): Promise<ChangeEmailState> {
  const current = await requireSession();
  const form = validateForm(formData, { fields: ['email', 'currentPassword'], schema: changeEmailSchema, echo: ['email'] });
  if (!form.ok) return form.state;
  const { values } = form;
  const { email, currentPassword } = form.data;
  if (normalizeEmail(email) === current.user.email) {
    return { status: 'error', message: CHECK_FIELDS, values, fieldErrors: { email: ['That is already your email address.'] } };
  }
  const result = await updateUser(current.user, { email, currentPassword }, await actionContext());
  if (!result.ok) {
    const throttled = tooManyAttempts(result.error);
    if (throttled) return { status: 'error', message: throttled, values };
    if (result.error.reason === 'wrong-current-password' || result.error.code === 'CURRENT_PASSWORD_REQUIRED') {
      return { status: 'error', message: CHECK_FIELDS, values, fieldErrors: { currentPassword: ['That is not your current password.'] } };
    }
    const taken = hasFieldCode(result.error, 'email', 'uniqueness');
    return {
      status: 'error',
      message: CHECK_FIELDS,
      values,
      fieldErrors: { email: [taken ? 'Another account uses that address.' : 'Enter one plain email address, like name@example.com.'] },
    };
  }
  revalidatePath('/account');
  return {
    status: 'success',
    message: `We've sent a link to ${normalizeEmail(email)}. Your email changes when you use it; until then you keep using ${current.user.email}.`,
  };
});

/** Withdraws a pending email change; its link stops working. */
export const cancelEmailChangeAction = guardPage(async function cancelEmailChangeAction(): Promise<void> {
  const current = await requireSession();
  await cancelEmailChange(current.user.id, await actionContext());
  revalidatePath('/account');
  redirect('/account?status=email-change-cancelled#email');
});

export type DeleteAccountField = 'deletePassword' | 'confirm';
export type DeleteAccountState = FormState<DeleteAccountField>;

/**
 * "Delete my account": the password and a ticked confirmation, then the account is gone, every
 * session with it (lib/auth), and the browser's cookie is dropped.
 */
export const deleteAccountAction = guardForm(async function deleteAccountAction(
  _previous: DeleteAccountState,
  formData: FormData,
): Promise<DeleteAccountState> {
  const current = await requireSession();
  const { deletePassword: currentPassword, confirm } = readFields(formData, ['deletePassword', 'confirm']);
  const fieldErrors: NonNullable<DeleteAccountState['fieldErrors']> = {};
  if (currentPassword === '') fieldErrors.deletePassword = ['Enter your password.'];
  if (confirm !== 'yes') fieldErrors.confirm = ['Tick the box to confirm that you want your account deleted.'];
  if (Object.keys(fieldErrors).length) return { status: 'error', message: CHECK_FIELDS, fieldErrors };
  const result = await deleteAccount(current.user, { requirePassword: true, currentPassword }, await actionContext());
  if (!result.ok) {
    const busy = tooManyAttempts(result.error) ?? serviceBusy(result.error);
    if (busy) return { status: 'error', message: busy };
    return { status: 'error', message: CHECK_FIELDS, fieldErrors: { deletePassword: ['That password is not right.'] } };
  }
  await clearSessionCookie();
  redirect('/login?status=account-deleted');
});

/** "Unlink" on one sign-in provider; the answer is a fixed notice on the account page. */
export const unlinkIdentityAction = guardPage(async function unlinkIdentityAction(formData: FormData): Promise<void> {
  const current = await requireSession();
  const { identity } = readFields(formData, ['identity']);
  const result = await unlinkIdentity(current.user.id, identity, await actionContext());
  const outcome = result.ok
    ? `unlinked=${encodeURIComponent(result.value.provider)}`
    : result.error.code === 'LAST_SIGN_IN_METHOD'
      ? 'error=last-method'
      : 'error=not-linked';
  revalidatePath('/account');
  redirect(`/account?${outcome}#sign-in-methods`);
});
