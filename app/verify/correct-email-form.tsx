'use client';

import { EmailField } from '@/app/_components/account-fields';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { correctEmail } from './actions';

/** "Wrong address?": moves the just-created, unconfirmed account to another address. */
export function CorrectEmailForm() {
  const { state, pending, formProps } = useActionForm(correctEmail);
  return (
    <form {...formProps} className="form">
      <FormMessage state={state} />
      <EmailField label="Correct email address" state={state} />
      <SubmitButton pending={pending} variant="secondary" block pendingLabel="Sending…">
        Use this address
      </SubmitButton>
    </form>
  );
}
