import type { User } from '@/lib/db';
import { env } from '@/lib/env';
import { recordEvent, type AuditEventType } from './audit';
import type { RequestContext } from './context';
import { verifyPassword } from './passwords';
import { failure, INVALID_CURRENT_PASSWORD, type AuthFailure } from './result';
import { consume, peek, throttleKeys, tooManyRequests } from './throttle';

/** What the current password is asked for: the words of its 400 and the audit rows it leaves. */
const PURPOSES = {
  'email-change': { required: 'to change the email address', throttled: 'email_change', refused: 'email_change_requested' },
  'account-deletion': { required: 'to delete the account', throttled: 'account_deletion', refused: 'account_deleted' },
} as const satisfies Record<string, { required: string; throttled: string; refused: AuditEventType }>;

/**
 * Checks the current password given to change the address or delete the account. Wrong guesses
 * count per account, in one budget for both, so a stolen token cannot be used to guess the
 * password behind it through either door. An account without a password is refused before any
 * check.
 */
export async function checkCurrentPassword(
  user: User,
  currentPassword: unknown,
  purpose: keyof typeof PURPOSES,
  context: RequestContext,
): Promise<AuthFailure | null> {
  const words = PURPOSES[purpose];
  // An account made through a sign-in provider has no password to guess: it sets one first (by an
  // emailed reset link), and nothing counts against the budget.
  if (user.passwordHash === null) {
    return failure(400, `The account has no password: set one first ${words.required}`, 'INVALID_PASSWORD', 'no-password');
  }
  if (currentPassword === undefined || currentPassword === null || currentPassword === '') {
    return failure(400, `currentPassword is required ${words.required}`, 'CURRENT_PASSWORD_REQUIRED');
  }
  const key = throttleKeys.emailChangeAccount(user.id);
  const throttled = await peek(key, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  if (!throttled.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: words.throttled, userId: user.id }, context);
    return tooManyRequests(throttled.retryAfter);
  }
  if (typeof currentPassword === 'string' && currentPassword.length <= 1024 && (await verifyPassword(currentPassword, user.passwordHash))) {
    return null;
  }
  const verdict = await consume(key, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  await recordEvent({ type: words.refused, outcome: 'failure', reason: 'wrong_password', userId: user.id }, context);
  return verdict.allowed ? INVALID_CURRENT_PASSWORD : tooManyRequests(verdict.retryAfter);
}
