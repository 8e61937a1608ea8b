'use client';

import Link from 'next/link';
import { AccountRealmField, EmailField } from '@/app/_components/account-fields';
import { NewPasswordField, type PasswordRules } from '@/app/_components/new-password-field';
import { PlainTextField } from '@/app/_components/plain-text-field';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { EMAIL_TAKEN } from '@/app/_lib/auth-messages';
import { signupAction } from './actions';

// The meter judges the password against what is typed here, as the server will.
const CONTEXT_FIELDS = { email: 'email', username: 'username' };

export function SignupForm({ next, passwordHint, askRealm = false }: { next: string | null; passwordHint: PasswordRules; askRealm?: boolean }) {
  const { state, pending, formProps } = useActionForm(signupAction);
  return (
    <form {...formProps} className="form">
      {next && <input type="hidden" name="next" value={next} />}
      <FormMessage state={state} />
      {askRealm && <AccountRealmField required hint="The group this account belongs to. You'll need it to log in." state={state} />}
      <EmailField
        label="Email address"
        autoCapitalize="none"
        spellCheck={false}
        state={state}
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
