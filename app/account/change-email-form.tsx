'use client';

import { EmailField } from '@/app/_components/account-fields';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { changeEmailAction } from './actions';

export function ChangeEmailForm() {
  const { state, pending, formProps } = useActionForm(changeEmailAction);
  return (
    <form {...formProps} className="form form-narrow">
      <FormMessage state={state} />
      <EmailField idPrefix="change-" label="New email address" state={state} key={state.values?.email} />
      {/* Not a PasswordField: its id would be the one the change-password form on this page uses. */}
      <Field
        name="currentPassword"
        idPrefix="email-"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.currentPassword}
      />
      <SubmitButton pending={pending} pendingLabel="Sending link…">
        Change email
      </SubmitButton>
    </form>
  );
}
