'use server';

import { guardForm } from '@/app/_lib/database-away';
import { z } from 'zod';
import { requestPasswordReset } from '@/lib/auth';
import { describeDuration } from '@/lib/duration';
import { env } from '@/lib/env';
import { tooManyAttempts } from '@/app/_lib/auth-messages';
import type { FormState } from '@/app/_lib/form-state';
import { validateForm } from '@/app/_lib/validate-form';
import { actionContext } from '@/app/_lib/request-context';

export type ForgotField = 'email';
export type ForgotState = FormState<ForgotField>;

function sentMessage(): string {
  const lifetime = describeDuration(env.RESET_TOKEN_TTL);
  return `If an account exists for that address, we've sent a link to reset your password. The link works for ${lifetime}.`;
}

const ENTER_EMAIL = 'Please enter your email address.';

const schema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(254, 'That email address is too long.'),
});

/**
 * Always the same answer, known address or not, and the lookup and mail happen after the
 * response has gone, so neither the words nor the timing say who has an account.
 */
export const requestResetAction = guardForm(async function requestResetAction(_previous: ForgotState, formData: FormData): Promise<ForgotState> {
  const form = validateForm(formData, { fields: ['email'], schema, echo: ['email'], message: ENTER_EMAIL });
  if (!form.ok) return form.state;
  // lib/auth leaves the lookup and the mail for after the response.
  const result = await requestPasswordReset({ email: form.data.email }, await actionContext());
  if (!result.ok) {
    return { status: 'error', message: tooManyAttempts(result.error) ?? ENTER_EMAIL, values: form.values };
  }
  return { status: 'success', message: sentMessage(), values: { email: form.data.email } };
});
