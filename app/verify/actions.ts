'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { confirmEmail, requestVerification } from '@/lib/auth';
import { linkCookieName, linkCookieOptions, unpackLinkParams } from '@/lib/cookies/emailed-links';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/cookies/session';
import { tooManyAttempts } from '@/app/_lib/auth-messages';
import type { FormState } from '@/app/_lib/form-state';
import { actionContext } from '@/app/_lib/request-context';
import { describeDuration } from '@/lib/duration';
import { verifyOutcomePath } from './outcome';
import { pendingVerificationId } from '@/lib/cookies/pending-verification';

/**
 * The button on the page the emailed link lands on: spends the link (held in an HttpOnly cookie
 * by proxy.ts), then shows the outcome at a clean URL.
 */
export async function confirmFromLink(): Promise<void> {
  const jar = await cookies();
  const name = linkCookieName('/verify');
  const link = unpackLinkParams('/verify', jar.get(name)?.value);
  const result = link ? await confirmEmail(link.uid, link.token, await actionContext()) : null;
  let target: string;
  if (result?.ok) target = verifyOutcomePath({ result: 'confirmed' });
  else if (result?.error.status === 429) target = verifyOutcomePath({ result: 'throttled', retryAfter: result.error.retryAfter });
  else {
    // Only the account's owner learns that it is already confirmed; anyone else gets the same
    // answer for a wrong, used, expired or voided link.
    const session = await getCurrentSession();
    const own = session !== null && link !== null && String(session.user.id) === link.uid;
    target = verifyOutcomePath({ result: own && session.user.emailVerified ? 'already' : 'invalid' });
  }
  if (!result || result.ok || result.error.status !== 429) jar.set(name, '', linkCookieOptions(0));
  redirect(target);
}

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
