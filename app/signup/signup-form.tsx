'use client';

import Link from 'next/link';
import { useActionState, useRef } from 'react';
import { Field } from '@/app/_components/field';
import { NewPasswordField, type PasswordRules } from '@/app/_components/new-password-field';
import { PlainTextField } from '@/app/_components/plain-text-field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useFocusFirstError } from '@/app/_components/use-focus-first-error';
import { useKeptForm } from '@/app/_components/use-kept-form';
import { EMAIL_TAKEN } from '@/app/_lib/auth-messages';
import { idle } from '@/app/_lib/form-state';
import { signupAction, type SignupState } from './actions';

// The meter judges the password against what is typed here, as the server will.
const CONTEXT_FIELDS = { email: 'email', username: 'username' };

export function SignupForm({ next, passwordHint, askRealm = false }: { next: string | null; passwordHint: PasswordRules; askRealm?: boolean }) {
  const [state, formAction, pending] = useActionState<SignupState, FormData>(signupAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = useKeptForm(form, formAction, state);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} noValidate className="form">
      {next && <input type="hidden" name="next" value={next} />}
      <FormMessage state={state} />
      {askRealm && (
        <PlainTextField
          name="realm"
          label="Realm"
          autoComplete="organization"
          required
          hint="The group this account belongs to. You'll need it to log in."
          defaultValue={state.values?.realm}
          errors={state.fieldErrors?.realm}
        />
      )}
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
        errorAction={
          state.fieldErrors?.email?.includes(EMAIL_TAKEN) && (
            <Link href={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}>Log in instead</Link>
          )
        }
      />
      <PlainTextField
        name="username"
        label="Username (optional)"
        autoComplete="username"
        hint="Another way to log in. You can leave it empty."
        defaultValue={state.values?.username}
        errors={state.fieldErrors?.username}
      />
      <NewPasswordField name="password" label="Password" rules={passwordHint} contextFields={CONTEXT_FIELDS} errors={state.fieldErrors?.password} />
      <SubmitButton pending={pending} block pendingLabel="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}
