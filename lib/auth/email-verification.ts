import { and, eq } from 'drizzle-orm';
import { getDb, users, verificationTokens, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { requireArguments } from './arguments';
import { recordEvent } from './audit';
import { deferTask, type RequestContext } from './context';
import { mailer } from './mailer';
import { randomToken, sha256 } from './random';
import { fail, failure, ok, type Result } from './result';
import { consume, consumeRequest, throttleKeys, tooManyRequests } from './throttle';
import { findUserById } from './user-records';

const INVALID_LINK = failure(400, 'Invalid token: the link is wrong, has expired or was already used', 'INVALID_TOKEN');

/**
 * Issues a verification link for the user's current address and mails it. Earlier links stop
 * working; the link is stored hashed, expires after VERIFY_TOKEN_TTL and is bound to the address.
 */
export async function sendVerification(user: User, context: RequestContext = {}): Promise<void> {
  if (user.emailVerified) return;
  const db = await getDb();
  const token = randomToken(64);
  await db.transaction(async (tx) => {
    await tx.delete(verificationTokens).where(eq(verificationTokens.userId, user.id));
    await tx.insert(verificationTokens).values({
      id: sha256(token),
      userId: user.id,
      email: user.email,
      expiresAt: new Date(Date.now() + env.VERIFY_TOKEN_TTL * 1000),
    });
    await mailer().queue(tx, 'verifyEmail', { email: user.email, userId: user.id, token, ttl: env.VERIFY_TOKEN_TTL });
  });
  await recordEvent({ type: 'verification_sent', outcome: 'success', userId: user.id, identifier: user.email }, context);
}

/**
 * `POST /{id}/verify`: (re)sends the verification email. The caller learns nothing: the answer is
 * the same for an unknown id, an unverified and a verified account (which gets no mail), and the
 * lookup and the mail run once the response has gone, so the answer takes the same time too.
 */
export async function requestVerification(id: string, context: RequestContext = {}): Promise<Result<void>> {
  // Keyed by the id as parsed (`007` is `7`), so spellings of one id share one limit.
  const accountKey = /^\d{1,10}$/.test(id) ? String(Number(id)) : id.slice(0, 32);
  const verdict = await consumeRequest(throttleKeys.verifySource(context.sourceAddress ?? 'unknown'), throttleKeys.verifyAccount(accountKey));
  if (!verdict.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'verify', identifier: accountKey }, context);
    return fail(tooManyRequests(verdict.retryAfter));
  }
  deferTask(context, async () => {
    const user = /^\d{1,10}$/.test(id) ? await findUserById(Number(id)) : undefined;
    if (user) await sendVerification(user, context);
  });
  return ok(undefined);
}

/**
 * `GET /confirm?uid=&token=`: marks the address verified, once. Wrong, expired, used or voided
 * (the email changed since) links all get the same 400, which never echoes the token.
 */
export async function confirmEmail(uid: unknown, token: unknown, context: RequestContext = {}): Promise<Result<{ userId: number }>> {
  const missing = requireArguments({ uid, token });
  if (missing) return fail(missing);
  const uidText = String(uid).slice(0, 32);
  const user = /^\d{1,10}$/.test(uidText) ? await findUserById(Number(uidText)) : undefined;
  if (!user) return fail(failure(404, `User not found: ${uidText.replace(/[^\w-]/g, '')}`, 'USER_NOT_FOUND'));

  const failures = throttleKeys.tokenFailures(context.sourceAddress ?? 'unknown');
  const db = await getDb();
  const [row] =
    typeof token === 'string' && token.length <= 256
      ? await db
          .select()
          .from(verificationTokens)
          .where(and(eq(verificationTokens.id, sha256(token)), eq(verificationTokens.userId, user.id)))
      : [];
  if (!row || row.expiresAt.getTime() <= Date.now() || row.email !== user.email) {
    const verdict = await consume(failures, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
    await recordEvent({ type: 'email_verified', outcome: 'failure', reason: 'invalid_token', userId: user.id }, context);
    return fail(verdict.allowed ? INVALID_LINK : tooManyRequests(verdict.retryAfter));
  }
  await db.transaction(async (tx) => {
    await tx.update(users).set({ emailVerified: true, updatedAt: new Date() }).where(eq(users.id, user.id));
    await tx.delete(verificationTokens).where(eq(verificationTokens.userId, user.id));
  });
  await recordEvent({ type: 'email_verified', outcome: 'success', userId: user.id, identifier: user.email }, context);
  return ok({ userId: user.id });
}
