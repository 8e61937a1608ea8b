'use server';

import { guardForm, guardPage } from '@/app/_lib/database-away';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { confirmEmail, findUserById, hasFieldCode, requestVerification } from '@/lib/auth';
import { claimCooldown, cooldownKeys, cooldownLeft } from '@/lib/auth/cooldown';
import { correctUnverifiedEmail } from '@/lib/auth/pending-email';
import { linkCookieName, linkCookieOptions, unpackLinkParams } from '@/lib/cookies/emailed-links';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/cookies/session';
import { CHECK_FIELDS, EMAIL_TAKEN, tooManyAttempts } from '@/app/_lib/auth-messages';
import { readFields, type FormState } from '@/app/_lib/form-state';
import { actionContext } from '@/app/_lib/request-context';
import { rememberLoginHint } from '@/app/login/hint';
import { describeDuration } from '@/lib/duration';
import { verifyOutcomePath } from './outcome';
import { pendingVerification, pendingVerificationId } from '@/lib/cookies/pending-verification';

/**
 * The button on the page the emailed link lands on: spends the link (held in an HttpOnly cookie
 * by proxy.ts), then shows the outcome at a clean URL.
 */
export const confirmEmailAction = guardPage(async function confirmEmailAction(): Promise<void> {
  const jar = await cookies();
  const name = linkCookieName('/verify');
  const link = unpackLinkParams('/verify', jar.get(name)?.value);
  const result = link ? await confirmEmail(link.uid, link.token, await actionContext()) : null;
  let target: string;
  if (result?.ok) {
    target = verifyOutcomePath({ result: 'confirmed' });
    // Signed in already: the outcome page goes on to the account. Otherwise the login page
    // it points to has the address filled in; the link itself never signs anyone in (021).
    const session = await getCurrentSession();
    if (session?.user.id !== result.value.userId) {
      const user = await findUserById(result.value.userId);
      if (user) await rememberLoginHint(user);
    }
  } else if (result?.error.code === 'TOO_MANY_REQUESTS') target = verifyOutcomePath({ result: 'throttled', retryAfter: result.error.retryAfter });
  else {
    // Only the account's owner learns that it is already confirmed; anyone else gets the same
    // answer for a wrong, used, expired or voided link.
    const session = await getCurrentSession();
    const own = session !== null && link !== null && String(session.user.id) === link.uid;
    target = verifyOutcomePath({ result: own && session.user.emailVerified ? 'already' : 'invalid' });
  }
  if (!result || result.ok || result.error.code !== 'TOO_MANY_REQUESTS') jar.set(name, '', linkCookieOptions(0));
  redirect(target);
});

export type ResendState = FormState<never> & {
  /** Seconds before the button works again; the server refuses earlier requests too. */
  retryAfter?: number;
  /** When the answer was given (server clock), so each answer restarts the countdown. */
  answeredAt?: number;
};

function waitMessage(seconds: number): string {
  return `Please wait ${seconds} second${seconds === 1 ? '' : 's'} before asking for another link.`;
}

/**
 * "Send a new confirmation link", for the signed-in account or, signed out, the account this
 * browser just created or gave the right password for. lib/auth rate-limits it, answers the same
 * whatever the account, and mails after the response.
 */
export const resendVerificationAction = guardPage(async function resendVerificationAction(): Promise<ResendState> {
  const session = await getCurrentSession();
  if (session?.user.emailVerified) return { status: 'success', message: 'Your email address is already confirmed.' };
  const id = session ? String(session.user.id) : await pendingVerificationId();
  if (!id) return { status: 'error', message: 'Log in to ask for a new link.' };
  // A pause between links first, so quick clicks cannot spend the hourly allowance at once.
  const pause = await claimCooldown(cooldownKeys.verifyResend(id), env.VERIFY_RESEND_COOLDOWN);
  if (!pause.allowed) return { status: 'error', message: waitMessage(pause.retryAfter), retryAfter: pause.retryAfter, answeredAt: Date.now() };
  const result = await requestVerification(id, await actionContext());
  if (!result.ok) {
    const retryAfter = result.error.code === 'TOO_MANY_REQUESTS' ? result.error.retryAfter : undefined;
    return {
      status: 'error',
      message: tooManyAttempts(result.error) ?? 'We could not send a new link. Please try again.',
      retryAfter,
      answeredAt: Date.now(),
    };
  }
  return {
    status: 'success',
    message: `We've sent a new link. It works for ${describeDuration(env.VERIFY_TOKEN_TTL)}; links in earlier emails no longer work.`,
    retryAfter: env.VERIFY_RESEND_COOLDOWN,
    answeredAt: Date.now(),
  };
});

export type CorrectEmailState = FormState<'email'>;

/**
 * "Use a different address" on the check-your-inbox page, for the account this browser has just
 * created (the sealed sign-up cookie names it; lib/auth refuses once it was confirmed or used).
 */
export const correctEmailAction = guardForm(async function correctEmailAction(
  _previous: CorrectEmailState,
  formData: FormData,
): Promise<CorrectEmailState> {
  const { email } = readFields(formData, ['email']);
  const values = { email };
  const pending = await pendingVerification();
  if (pending?.via !== 'signup') return { status: 'error', message: 'Log in to change your email address.', values };
  // A mistyped correction should not cost the pause: it starts only once a link has gone out.
  const key = cooldownKeys.verifyResend(pending.id);
  const left = await cooldownLeft(key, env.VERIFY_RESEND_COOLDOWN);
  if (left > 0) return { status: 'error', message: waitMessage(left), values };
  const result = await correctUnverifiedEmail(Number(pending.id), email, await actionContext());
  if (!result.ok) {
    const { error } = result;
    if (error.details?.codes.email?.length) {
      const text = hasFieldCode(error, 'email', 'uniqueness')
        ? EMAIL_TAKEN
        : hasFieldCode(error, 'email', 'presence')
          ? 'Enter your email address.'
          : 'Enter a valid email address, like name@example.com.';
      return { status: 'error', message: CHECK_FIELDS, fieldErrors: { email: [text] }, values };
    }
    if (error.code === 'EMAIL_NOT_CORRECTABLE')
      return { status: 'error', message: 'This address can no longer be changed here. Log in to change it.', values };
    return { status: 'error', message: tooManyAttempts(error) ?? 'We could not change the address. Please try again.', values };
  }
  await claimCooldown(key, env.VERIFY_RESEND_COOLDOWN);
  redirect('/verify/sent?changed=1');
});
