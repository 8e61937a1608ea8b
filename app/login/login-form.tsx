'use client';

import Link from 'next/link';
import { AccountRealmField, CurrentPasswordField } from '@/app/_components/account-fields';
import { PlainTextField } from '@/app/_components/plain-text-field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { loginAction } from './actions';

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
  const { state, pending, formProps } = useActionForm(loginAction);
  const shown = state.status === 'idle' && notice ? { status: 'success' as const, message: notice } : state;
  return (
    <form {...formProps} className="form">
      {next && <input type="hidden" name="next" value={next} />}
      <FormMessage state={shown} />
      {realm && <AccountRealmField hint={realm.hint} state={state} defaultValue={state.values?.realm ?? hint?.realm} />}
      <PlainTextField
        name="identifier"
        label="Email or username"
        autoComplete="username"
        required
        defaultValue={state.values?.identifier ?? hint?.email}
        errors={state.fieldErrors?.identifier}
      />
      <CurrentPasswordField name="password" label="Password" state={state} />
      <p className="form-aside">
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      <SubmitButton pending={pending} block pendingLabel="Logging in…">
        Log in
      </SubmitButton>
    </form>
  );
}
