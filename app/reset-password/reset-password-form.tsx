'use client';

import Link from 'next/link';
import { NewPasswordField, type PasswordRules } from '@/app/_components/new-password-field';
import { FormMessage } from '@/app/_components/form-message';
import { OneTimeCodeField } from '@/app/_components/one-time-code-field';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { resetPasswordAction } from './actions';

/** `account` is the link's own account: only whoever holds the link sees it. */
export function ResetPasswordForm({
  passwordHint,
  account,
  twoFactor = false,
}: {
  passwordHint: PasswordRules;
  account: { email: string; username: string | null };
  /** The account has two-factor on: the link alone does not set a new password (docs/decisions/023). */
  twoFactor?: boolean;
}) {
  const { state, pending, formProps } = useActionForm(resetPasswordAction);
  return (
    <form {...formProps} className="form">
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={account.username ?? account.email} readOnly hidden />
      <FormMessage state={state} />
      {state.linkExpired && (
        <p className="form-aside">
          <Link href="/forgot-password">Request a new link</Link>
        </p>
      )}
      {twoFactor && (
        <OneTimeCodeField
          name="code"
          label="Authentication code"
          hint="Two-factor authentication is on for this account: the 6-digit code from your authenticator app, or a recovery code."
          recovery
          required
          errors={state.fieldErrors?.code}
        />
      )}
      <NewPasswordField name="password" label="New password" rules={passwordHint} context={account} errors={state.fieldErrors?.password} />
      <SubmitButton pending={pending} block pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
