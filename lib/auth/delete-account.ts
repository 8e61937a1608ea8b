import { eq, or } from 'drizzle-orm';
import { authEvents, getDb, users, type User } from '@/lib/db';
import { recordEvent } from './audit';
import type { RequestContext } from './context';
import { checkCurrentPassword } from './current-password';
import { mailer } from './mailer';
import { fail, ok, type Result } from './result';
import { identifierDigest } from './throttle';

/**
 * Deletes the account for good. Its tokens, links and pending changes go with the row (cascading
 * keys), so every session ends at once. The audit trail keeps its rows, as counts of what
 * happened, but nothing that names the person: the user id is set to null by the key, and the
 * identifier, source address and browser of every row that was theirs (by id or by the address's
 * digest) are cleared here. The goodbye notice to the address the account had is queued in the
 * transaction that deletes the row.
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
    const wrong = await checkCurrentPassword(user, options.currentPassword, 'account-deletion', context);
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
    if (deleted.length > 0) await mailer().queue(tx, 'accountDeleted', { email: user.email, at: deletedAt.toISOString() });
    return deleted.length;
  });
  if (count === 0) return ok({ count });
  // No id, address or browser: the row says only that an account was deleted, and when.
  await recordEvent({ type: 'account_deleted', outcome: 'success' }, { defer: context.defer });
  return ok({ count });
}
