'use client';

import { FormMessage } from '@/app/_components/form-message';
import { CurrentPasswordField } from '@/app/_components/account-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { deleteAccountAction } from './actions';

/** The password and an explicit tick: deleting cannot be undone, so it is never one click. */
export function DeleteAccountForm({ username }: { username: string }) {
  const { state, pending, formProps } = useActionForm(deleteAccountAction);
  const confirmError = state.fieldErrors?.confirm;
  return (
    <form {...formProps} className="form form-narrow">
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <FormMessage state={state} />
      <CurrentPasswordField name="deletePassword" label="Your password" state={state} />
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
