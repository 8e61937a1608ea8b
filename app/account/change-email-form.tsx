'use client';

import { AddressForm } from '@/app/_components/address-form';
import { Field } from '@/app/_components/field';
import { changeEmailAction } from './actions';

export function ChangeEmailForm() {
  return (
    <AddressForm
      action={changeEmailAction}
      label="New email address"
      idPrefix="change-"
      narrow
      keyByAddress
      submit={{ label: 'Change email', pendingLabel: 'Sending link…' }}
    >
      {(state) => (
        // Not a PasswordField: its id would be the one the change-password form on this page uses.
        <Field
          name="currentPassword"
          idPrefix="email-"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          errors={state.fieldErrors?.currentPassword}
        />
      )}
    </AddressForm>
  );
}
