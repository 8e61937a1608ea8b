import type { ComponentProps } from 'react';
import type { FormState } from '@/app/_lib/form-state';
import { Field } from './field';
import { PasswordField } from './password-field';
import { PlainTextField } from './plain-text-field';

type Preset<F extends string> = { state: FormState<F> };

/** The account's email address: named `email`, kept after a failed submission, with its errors. */
export function EmailField({
  state,
  ...props
}: Preset<'email'> & Omit<ComponentProps<typeof Field>, 'name' | 'type' | 'autoComplete' | 'required' | 'defaultValue' | 'errors'>) {
  return (
    <Field name="email" type="email" autoComplete="email" required defaultValue={state.values?.email} errors={state.fieldErrors?.email} {...props} />
  );
}

/** The password the account has now, asked before anything is done in its name. */
export function CurrentPasswordField<F extends string>({ name, label, state }: Preset<F> & { name: F; label: string }) {
  return <PasswordField name={name} label={label} autoComplete="current-password" required errors={state.fieldErrors?.[name]} />;
}

/** The realm an account lives in, where realms are required: typed exactly, as the others are. */
export function AccountRealmField({
  state,
  ...props
}: Preset<'realm'> & Omit<ComponentProps<typeof PlainTextField>, 'name' | 'label' | 'autoComplete' | 'errors'>) {
  return (
    <PlainTextField
      name="realm"
      label="Realm"
      autoComplete="organization"
      defaultValue={state.values?.realm}
      errors={state.fieldErrors?.realm}
      {...props}
    />
  );
}
