'use client';

import { useActionState, useRef } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { idle } from '@/app/_lib/form-state';
import { requestResetAction, type ForgotState } from './actions';

export function ForgotPasswordForm() {
  const [state, formAction] = useActionState<ForgotState, FormData>(requestResetAction, idle);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={formAction} noValidate className="form">
      <FormMessage state={state} />
      <Field
        name="email"
        label="Email address"
        type="email"
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <SubmitButton block pendingLabel="Sending…">
        {state.status === 'success' ? 'Send another link' : 'Send reset link'}
      </SubmitButton>
    </form>
  );
}
