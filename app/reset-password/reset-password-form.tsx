'use client';

import Link from 'next/link';
import { NewPasswordField, type PasswordRules } from '@/app/_components/new-password-field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { resetPasswordAction } from './actions';

/** `account` is the link's own account: only whoever holds the link sees it. */
export function ResetPasswordForm({ passwordHint, account }: { passwordHint: PasswordRules; account: { email: string; username: string | null } }) {
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
      <NewPasswordField name="password" label="New password" rules={passwordHint} context={account} errors={state.fieldErrors?.password} />
      <SubmitButton pending={pending} block pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
