'use client';

import Link from 'next/link';
import { useActionState, useRef } from 'react';
import { Field } from '@/app/_components/field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { idle } from '@/app/_lib/form-state';
import { resetPasswordAction, type ResetState } from './actions';

export function ResetPasswordForm({ passwordHint }: { passwordHint: string }) {
  const [state, formAction] = useActionState<ResetState, FormData>(resetPasswordAction, idle);
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={formAction} noValidate className="form">
      <FormMessage state={state} />
      {state.linkExpired && (
        <p className="form-aside">
          <Link href="/forgot-password">Request a new link</Link>
        </p>
      )}
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={passwordHint}
        errors={state.fieldErrors?.password}
      />
      <SubmitButton block pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
