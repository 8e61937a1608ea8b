'use client';

import type { ReactNode } from 'react';
import type { FormState } from '@/app/_lib/form-state';
import { EmailField } from './account-fields';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';
import { useActionForm } from './use-action-form';

/** A form that moves an account to another email address: the address, any fields after it, one button. */
export function AddressForm<S extends FormState<'email'>>({
  action,
  label,
  idPrefix,
  narrow = false,
  keyByAddress = false,
  submit,
  children,
}: {
  action: (previous: S, data: FormData) => Promise<S>;
  label: string;
  idPrefix?: string;
  narrow?: boolean;
  /** Starts the address field afresh whenever the server hands back another address. */
  keyByAddress?: boolean;
  submit: { label: string; pendingLabel: string; variant?: 'primary' | 'secondary'; block?: boolean };
  /** The fields after the address (the current password), given the form's state. */
  children?: (state: S) => ReactNode;
}) {
  const { state, pending, formProps } = useActionForm(action);
  return (
    <form {...formProps} className={narrow ? 'form form-narrow' : 'form'}>
      <FormMessage state={state} />
      <EmailField idPrefix={idPrefix} label={label} state={state} key={keyByAddress ? state.values?.email : undefined} />
      {children?.(state)}
      <SubmitButton pending={pending} variant={submit.variant} block={submit.block} pendingLabel={submit.pendingLabel}>
        {submit.label}
      </SubmitButton>
    </form>
  );
}
