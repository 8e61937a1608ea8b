'use client';

import { useActionState, useRef } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { useKeptForm } from '@/app/_components/use-kept-form';
import { idle } from '@/app/_lib/form-state';
import { correctEmailAction, type CorrectEmailState } from './actions';

/** "Wrong address?": moves the just-created, unconfirmed account to another address. */
export function CorrectEmailForm() {
  const [state, formAction, pending] = useActionState<CorrectEmailState, FormData>(correctEmailAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = useKeptForm(form, formAction, state);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} noValidate className="form">
      <FormMessage state={state} />
      <Field
        name="email"
        type="email"
        label="Correct email address"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <SubmitButton pending={pending} variant="secondary" block pendingLabel="Sending…">
        Use this address
      </SubmitButton>
    </form>
  );
}
