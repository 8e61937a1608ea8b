'use client';

import { NewPasswordField, type PasswordRules } from '@/app/_components/new-password-field';
import { CurrentPasswordField } from '@/app/_components/account-fields';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import type { PasswordContext } from '@/lib/auth/password-strength';
import { changePasswordAction } from './actions';

export function ChangePasswordForm({
  passwordHint,
  username,
  account,
}: {
  passwordHint: PasswordRules;
  username: string;
  account?: PasswordContext;
}) {
  const { state, pending, formProps } = useActionForm(changePasswordAction);
  return (
    <form {...formProps} className="form form-narrow">
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <FormMessage state={state} />
      <CurrentPasswordField name="currentPassword" label="Current password" state={state} />
      <NewPasswordField name="newPassword" label="New password" rules={passwordHint} context={account} errors={state.fieldErrors?.newPassword} />
      <SubmitButton pending={pending} pendingLabel="Changing password…">
        Change password
      </SubmitButton>
    </form>
  );
}
