'use client';

import { useActionState, useRef } from 'react';
import { NewPasswordField, type PasswordRules } from '@/app/_components/new-password-field';
import { PasswordField } from '@/app/_components/password-field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { useKeptForm } from '@/app/_components/use-kept-form';
import { idle } from '@/app/_lib/form-state';
import type { PasswordContext } from '@/lib/auth/password-strength';
import { changePasswordAction, type ChangePasswordState } from './actions';

export function ChangePasswordForm({
  passwordHint,
  username,
  account,
}: {
  passwordHint: PasswordRules;
  username: string;
  account?: PasswordContext;
}) {
  const [state, formAction, pending] = useActionState<ChangePasswordState, FormData>(changePasswordAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = useKeptForm(form, formAction, state);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} noValidate className="form form-narrow">
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <FormMessage state={state} />
      <PasswordField
        name="currentPassword"
        label="Current password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.currentPassword}
      />
      <NewPasswordField name="newPassword" label="New password" rules={passwordHint} context={account} errors={state.fieldErrors?.newPassword} />
      <SubmitButton pending={pending} pendingLabel="Changing password…">
        Change password
      </SubmitButton>
    </form>
  );
}
