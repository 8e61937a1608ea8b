'use client';

import { AddressForm } from '@/app/_components/address-form';
import { correctEmailAction } from './actions';

/** "Wrong address?": moves the just-created, unconfirmed account to another address. */
export function CorrectEmailForm() {
  return (
    <AddressForm
      action={correctEmailAction}
      label="Correct email address"
      submit={{ label: 'Use this address', pendingLabel: 'Sending…', variant: 'secondary', block: true }}
    />
  );
}
