import { eq, or } from 'drizzle-orm';
import { authEvents, getDb, users, type User } from '@/lib/db';
import { sendAccountDeletedEmail } from '@/lib/email/account-deleted';
import { recordEvent } from './audit';
import { deferTask, type RequestContext } from './context';
import { env } from '@/lib/env';
import { verifyPassword } from './passwords';
import { fail, failure, INVALID_CURRENT_PASSWORD, ok, type AuthFailure, type Result } from './result';

const CURRENT_PASSWORD_REQUIRED = failure(400, 'currentPassword is required to delete the account', 'CURRENT_PASSWORD_REQUIRED');
import { consume, identifierDigest, peek, throttleKeys, tooManyRequests } from './throttle';

/**
 * The current password, checked as for an email change and against the same per-account budget
 * of wrong guesses, so a stolen token cannot guess the password through either door.
 */
async function checkPassword(user: User, currentPassword: unknown, context: RequestContext): Promise<AuthFailure | null> {
  if (currentPassword === undefined || currentPassword === null || currentPassword === '') return CURRENT_PASSWORD_REQUIRED;
  const key = throttleKeys.emailChangeAccount(user.id);
  const throttled = await peek(key, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  if (!throttled.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'account_deletion', userId: user.id }, context);
    return tooManyRequests(throttled.retryAfter);
  }
  if (typeof currentPassword === 'string' && currentPassword.length <= 1024 && (await verifyPassword(currentPassword, user.passwordHash))) {
    return null;
  }
  const verdict = await consume(key, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  await recordEvent({ type: 'account_deleted', outcome: 'failure', reason: 'wrong_password', userId: user.id }, context);
  return verdict.allowed ? INVALID_CURRENT_PASSWORD : tooManyRequests(verdict.retryAfter);
}

/**
 * Deletes the account for good. Its tokens, links and pending changes go with the row (cascading
 * keys), so every session ends at once. The audit trail keeps its rows, as counts of what
 * happened, but nothing that names the person: the user id is set to null by the key, and the
 * identifier, source address and browser of every row that was theirs (by id or by the address's
 * digest) are cleared here. The goodbye notice goes to the address the account had, after the
 * row is gone.
 *
 * `currentPassword`: the browser always asks for it; over REST it is checked when the body has it
 * (LoopBack's DELETE needs the owner's token alone: docs/decisions/020).
 */
export async function deleteAccount(
  user: User,
  options: { currentPassword?: unknown; requirePassword: boolean },
  context: RequestContext = {},
): Promise<Result<{ count: number }>> {
  if (options.requirePassword || options.currentPassword !== undefined) {
    const wrong = await checkPassword(user, options.currentPassword, context);
    if (wrong) return fail(wrong);
  }
  const db = await getDb();
  const deletedAt = new Date();
  const count = await db.transaction(async (tx) => {
    await tx
      .update(authEvents)
      .set({ identifier: null, sourceAddress: null, userAgent: null })
      .where(
        or(
          eq(authEvents.userId, user.id),
          eq(authEvents.identifier, `hmac:${identifierDigest(user.email)}`),
          ...(user.username ? [eq(authEvents.identifier, `hmac:${identifierDigest(user.username)}`)] : []),
        ),
      );
    const deleted = await tx.delete(users).where(eq(users.id, user.id)).returning({ id: users.id });
    return deleted.length;
  });
  if (count === 0) return ok({ count });
  // No id, address or browser: the row says only that an account was deleted, and when.
  await recordEvent({ type: 'account_deleted', outcome: 'success' }, { defer: context.defer });
  const email = user.email;
  deferTask(context, () => sendAccountDeletedEmail(email, deletedAt));
  return ok({ count });
}
