'use client';

import Link from 'next/link';
import { useActionState, useRef } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { OneTimeCodeField } from '@/app/_components/one-time-code-field';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { idle } from '@/app/_lib/form-state';
import { verifyLoginCode, type SecondStepState } from './actions';

export function LoginCodeForm() {
  const [state, formAction, pending] = useActionState<SecondStepState, FormData>(verifyLoginCode, idle);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={formAction} noValidate className="form">
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
