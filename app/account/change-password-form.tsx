'use client';

import { useActionState, useRef } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { idle } from '@/app/_lib/form-state';
import { changePasswordAction, type ChangePasswordState } from './actions';

export function ChangePasswordForm({ passwordHint, username }: { passwordHint: string; username: string }) {
  const [state, formAction] = useActionState<ChangePasswordState, FormData>(changePasswordAction, idle);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={formAction} noValidate className="form form-narrow">
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <FormMessage state={state} />
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.currentPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={passwordHint}
        errors={state.fieldErrors?.newPassword}
      />
      <SubmitButton pendingLabel="Changing password…">Change password</SubmitButton>
    </form>
  );
}
