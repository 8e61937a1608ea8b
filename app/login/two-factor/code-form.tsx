'use client';

import Link from 'next/link';
import { FormMessage } from '@/app/_components/form-message';
import { OneTimeCodeField } from '@/app/_components/one-time-code-field';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { verifyLoginCodeAction } from './actions';

export function LoginCodeForm() {
  // Nothing typed is kept: a code works once.
  const { state, pending, formProps } = useActionForm(verifyLoginCodeAction, { keepTyped: false });
  return (
    <form {...formProps} className="form">
      <FormMessage state={state} />
      {state.expired ? (
        <p className="form-aside">
          <Link href="/login">Log in again</Link>
        </p>
      ) : (
        <>
          <OneTimeCodeField
            name="code"
            label="Authentication code"
            hint="The 6-digit code from your authenticator app. Lost your phone? Enter one of your recovery codes instead."
            recovery
            required
            autoFocus
            errors={state.fieldErrors?.code}
          />
          <SubmitButton pending={pending} block pendingLabel="Checking…">
            Verify
          </SubmitButton>
        </>
      )}
    </form>
  );
}
