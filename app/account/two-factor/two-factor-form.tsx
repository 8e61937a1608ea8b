'use client';

import { FormMessage } from '@/app/_components/form-message';
import { OneTimeCodeField } from '@/app/_components/one-time-code-field';
import { PasswordField } from '@/app/_components/password-field';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import type { TwoFactorField, TwoFactorState } from './actions';

type Action = (previous: TwoFactorState, formData: FormData) => Promise<TwoFactorState>;

interface Props {
  action: Action;
  /** The account's name, so password managers file nothing under a wrong one. */
  username: string;
  password?: Extract<TwoFactorField, 'setupPassword' | 'offPassword' | 'codesPassword'>;
  code?: { name: Extract<TwoFactorField, 'confirmCode' | 'offCode'>; label: string; hint: string; recovery?: boolean };
  submit: string;
  pendingLabel: string;
  variant?: 'primary' | 'secondary' | 'danger';
}

/** One of the two-factor forms: a current password, a code, or both. Nothing typed is sent back. */
export function TwoFactorForm({ action, username, password, code, submit, pendingLabel, variant = 'primary' }: Props) {
  const { state, pending, formProps } = useActionForm(action, { keepTyped: false });
  return (
    <form {...formProps} className="form form-narrow">
      {password && <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />}
      <FormMessage state={state} />
      {password && (
        <PasswordField name={password} label="Current password" autoComplete="current-password" required errors={state.fieldErrors?.[password]} />
      )}
      {code && (
        <OneTimeCodeField
          name={code.name}
          label={code.label}
          hint={code.hint}
          recovery={code.recovery}
          required
          errors={state.fieldErrors?.[code.name]}
        />
      )}
      <SubmitButton pending={pending} variant={variant} pendingLabel={pendingLabel}>
        {submit}
      </SubmitButton>
    </form>
  );
}
