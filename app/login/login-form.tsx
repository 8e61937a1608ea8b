'use client';

import Link from 'next/link';
import { useActionState, useRef } from 'react';
import { PasswordField } from '@/app/_components/password-field';
import { PlainTextField } from '@/app/_components/plain-text-field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { useKeptForm } from '@/app/_components/use-kept-form';
import { idle } from '@/app/_lib/form-state';
import { loginAction, type LoginState } from './actions';

/** Where realms are required, the form asks for one; `hint` explains the prefix form when there is one. */
export interface RealmField {
  hint?: string;
}

export function LoginForm({
  next,
  notice,
  realm,
  hint,
}: {
  next: string | null;
  notice?: string;
  realm?: RealmField;
  hint?: { email: string; realm?: string };
}) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(loginAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = useKeptForm(form, formAction, state);
  useFocusFirstError(form, state);
  const shown = state.status === 'idle' && notice ? { status: 'success' as const, message: notice } : state;
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} noValidate className="form">
      {next && <input type="hidden" name="next" value={next} />}
      <FormMessage state={shown} />
      {realm && (
        <PlainTextField
          name="realm"
          label="Realm"
          autoComplete="organization"
          hint={realm.hint}
          defaultValue={state.values?.realm ?? hint?.realm}
          errors={state.fieldErrors?.realm}
        />
      )}
      <PlainTextField
        name="identifier"
        label="Email or username"
        autoComplete="username"
        required
        defaultValue={state.values?.identifier ?? hint?.email}
        errors={state.fieldErrors?.identifier}
      />
      <PasswordField name="password" label="Password" autoComplete="current-password" required errors={state.fieldErrors?.password} />
      <p className="form-aside">
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <SubmitButton pending={pending} block pendingLabel="Logging in…">
        Log in
      </SubmitButton>
    </form>
  );
}
