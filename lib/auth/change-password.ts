import type { User } from '@/lib/db';
import { requireArguments } from './arguments';
import { env } from '@/lib/env';
import { recordEvent } from './audit';
import type { RequestContext } from './context';
import { HashPoolBusyError } from './hash-pool';
import { checkPasswordFor, storePassword } from './password-reset';
import { verifyPassword } from './passwords';
import { fail, INVALID_CURRENT_PASSWORD, ok, type Result } from './result';
import { beginAttempt, consume, enterFlight, refund, serviceUnavailable, settleSuccess, throttleKeys, tooManyRequests } from './throttle';

/**
 * `User.changePassword(userId, oldPassword, newPassword)`: needs the current password; keeps the
 * caller's own token (by its hash) and revokes every other one. Wrong current passwords are guesses like failed
 * logins (a stolen session must not become a way to test passwords), so they are throttled the
 * same way: per account with backoff, per source, and in flight per source.
 */
export async function changePassword(
  user: User,
  currentTokenHash: string,
  oldPassword: unknown,
  newPassword: unknown,
  context: RequestContext = {},
): Promise<Result<void>> {
  const missing = requireArguments({ oldPassword, newPassword });
  if (missing) return fail(missing);
  const sourceKey = throttleKeys.changePasswordSource(context.sourceAddress);
  const leave = enterFlight(sourceKey);
  if (!leave) return throttled(user, 1, context);
  try {
    const accountKey = throttleKeys.changePasswordAccount(user.id);
    const source = await consume(sourceKey, env.LOGIN_SOURCE_LIMIT, env.LOGIN_SOURCE_WINDOW);
    const verdict = source.allowed ? await beginAttempt(accountKey) : source;
    if (!verdict.allowed) return await throttled(user, verdict.retryAfter, context);
    let matches: boolean;
    try {
      matches = await verifyPassword(oldPassword, user.passwordHash);
    } catch (error) {
      if (!(error instanceof HashPoolBusyError)) throw error;
      await refund(sourceKey);
      return fail(serviceUnavailable(1));
    }
    if (!matches) {
      await recordEvent({ type: 'password_changed', outcome: 'failure', reason: 'wrong_password', userId: user.id }, context);
      return fail(INVALID_CURRENT_PASSWORD);
    }
    await settleSuccess(sourceKey, accountKey);
  } finally {
    leave();
  }
  const problem = await checkPasswordFor(user, newPassword);
  if (problem) return fail(problem);
  // Only over the credentials just checked: a reset or change that won the race stands.
  const stored = await storePassword(user.id, newPassword as string, {
    keepTokenHash: currentTokenHash,
    expectedVersion: user.credentialVersion,
    notify: { email: user.email, context },
  });
  if (!stored) {
    await recordEvent({ type: 'password_changed', outcome: 'failure', reason: 'credential_changed', userId: user.id }, context);
    return fail(INVALID_CURRENT_PASSWORD);
  }
  await recordEvent({ type: 'password_changed', outcome: 'success', userId: user.id, identifier: user.email }, context);
  return ok(undefined);
}

async function throttled(user: User, retryAfter: number, context: RequestContext): Promise<Result<void>> {
  await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'change_password', userId: user.id }, context);
  return fail(tooManyRequests(retryAfter));
}
