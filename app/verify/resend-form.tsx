'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { idle } from '@/app/_lib/form-state';
import { resendVerification, type ResendState } from './actions';

/** One button that mails a fresh confirmation link; the answer is announced in its live region. */
export function ResendVerificationForm({ label = 'Resend verification email', block = false, variant = 'secondary' }: {
  label?: string;
  block?: boolean;
  variant?: 'primary' | 'secondary';
}) {
  const [state, formAction] = useActionState<ResendState, FormData>(resendVerification, idle);
  return (
    <form action={formAction} className="form resend-form">
      <FormMessage state={state} />
      <SubmitButton variant={variant} block={block} pendingLabel="Sending…">
        {label}
      </SubmitButton>
    </form>
  );
}
