'use client';

import { useActionState, useRef } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { useKeptForm } from '@/app/_components/use-kept-form';
import { idle } from '@/app/_lib/form-state';
import { changeEmailAction, type ChangeEmailState } from './actions';

export function ChangeEmailForm() {
  const [state, formAction, pending] = useActionState<ChangeEmailState, FormData>(changeEmailAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = useKeptForm(form, formAction, state);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} noValidate className="form form-narrow">
      <FormMessage state={state} />
      <Field
        name="email"
        idPrefix="change-"
        label="New email address"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        key={state.values?.email}
        errors={state.fieldErrors?.email}
      />
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
