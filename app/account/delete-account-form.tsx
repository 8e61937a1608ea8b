'use client';

import { useActionState, useRef } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { PasswordField } from '@/app/_components/password-field';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { useKeptForm } from '@/app/_components/use-kept-form';
import { idle } from '@/app/_lib/form-state';
import { deleteAccountAction, type DeleteAccountState } from './actions';

/** The password and an explicit tick: deleting cannot be undone, so it is never one click. */
export function DeleteAccountForm({ username }: { username: string }) {
  const [state, formAction, pending] = useActionState<DeleteAccountState, FormData>(deleteAccountAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = useKeptForm(form, formAction, state);
  useFocusFirstError(form, state);
  const confirmError = state.fieldErrors?.confirm;
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} noValidate className="form form-narrow">
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <FormMessage state={state} />
      <PasswordField
        name="deletePassword"
        label="Your password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.deletePassword}
      />
      <div className="field field-check">
        <input
          id="delete-confirm"
          type="checkbox"
          name="confirm"
          value="yes"
          required
          aria-invalid={confirmError ? true : undefined}
          aria-describedby={confirmError ? 'delete-confirm-error' : undefined}
        />
        <label htmlFor="delete-confirm">I understand that my account is deleted for good and cannot be restored</label>
        {confirmError && (
          <p id="delete-confirm-error" className="field-error">
            {confirmError.join(' ')}
          </p>
        )}
      </div>
      <SubmitButton pending={pending} variant="danger" pendingLabel="Deleting account…">
        Delete my account
      </SubmitButton>
    </form>
  );
}
