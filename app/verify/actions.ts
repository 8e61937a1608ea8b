'use server';

import { requestVerification } from '@/lib/auth';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/session';
import { tooManyAttempts } from '@/app/_lib/auth-messages';
import type { FormState } from '@/app/_lib/form-state';
import { actionContext } from '@/app/_lib/request-context';
import { describeDuration } from './duration';
import { pendingVerificationId } from './pending';

export type ResendState = FormState<never>;

/**
 * "Send a new confirmation link", for the signed-in account or, signed out, the account this
 * browser just created or gave the right password for. lib/auth rate-limits it, answers the same
 * whatever the account, and mails after the response.
 */
export async function resendVerification(): Promise<ResendState> {
  const session = await getCurrentSession();
  if (session?.user.emailVerified) return { status: 'success', message: 'Your email address is already confirmed.' };
  const id = session ? String(session.user.id) : await pendingVerificationId();
  if (!id) return { status: 'error', message: 'Log in to ask for a new link.' };
  const result = await requestVerification(id, await actionContext());
  if (!result.ok) return { status: 'error', message: tooManyAttempts(result.error) ?? 'We could not send a new link. Please try again.' };
  return {
    status: 'success',
    message: `We've sent a new link. It works for ${describeDuration(env.VERIFY_TOKEN_TTL)}; links in earlier emails no longer work.`,
  };
}
