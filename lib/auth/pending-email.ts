import { and, eq } from 'drizzle-orm';
import { authEvents, getDb, users } from '@/lib/db';
import { hasAnyToken } from './access-tokens';
import { recordEvent } from './audit';
import { deferTask, type RequestContext } from './context';
import { isPlainEmail } from './email-address';
import { sendVerification } from './email-verification';
import { fail, failure, ok, ValidationErrors, type Result } from './result';
import { consumeRequest, throttleKeys, tooManyRequests } from './throttle';
import { findUserById, normalizeEmail } from './user-records';

/** The account cannot take a corrected address any more: it was confirmed, or has been used. */
const NOT_CORRECTABLE = failure(403, 'The address of this account can no longer be corrected this way', 'EMAIL_NOT_CORRECTABLE');

/**
 * Fixes the address typed at sign-up, before it was ever confirmed: the account moves to
 * `newEmail` and the confirmation link goes there instead. No password is asked because the
 * account has none of a user's data yet: it was never confirmed and never logged in (no token
 * and no successful login on record), so whoever holds it is the person who just created it (the
 * caller checks a sealed cookie for that). It counts against the same hourly limits as a new link.
 */
export async function correctUnverifiedEmail(userId: number, newEmail: unknown, context: RequestContext = {}): Promise<Result<{ email: string }>> {
  const verdict = await consumeRequest(throttleKeys.verifySource(context.sourceAddress ?? 'unknown'), throttleKeys.verifyAccount(String(userId)));
  if (!verdict.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'verify', userId }, context);
    return fail(tooManyRequests(verdict.retryAfter));
  }
  const errors = new ValidationErrors();
  const email = typeof newEmail === 'string' ? normalizeEmail(newEmail) : '';
  if (email === '') errors.add('email', 'presence', "can't be blank", newEmail);
  else if (!isPlainEmail(email)) errors.add('email', 'custom.email', 'is invalid', newEmail);
  if (!errors.empty) return fail(errors.toFailure());

  const user = await findUserById(userId);
  if (!user || user.emailVerified || !(await neverUsed(userId))) return fail(NOT_CORRECTABLE);
  if (email === user.email) return ok({ email });

  const db = await getDb();
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.uniqueScope, user.uniqueScope), eq(users.email, email)))
    .limit(1);
  const taken422 = () => {
    const e = new ValidationErrors();
    e.add('email', 'uniqueness', 'Email already exists', email);
    return fail(e.toFailure());
  };
  if (taken) return taken422();
  let updated;
  try {
    // Still unconfirmed at the moment of writing: a confirmation racing this one wins.
    [updated] = await db
      .update(users)
      .set({ email, updatedAt: new Date() })
      .where(and(eq(users.id, userId), eq(users.emailVerified, false)))
      .returning();
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') return taken422();
    throw error;
  }
  if (!updated) return fail(NOT_CORRECTABLE);
  await recordEvent({ type: 'email_changed', outcome: 'success', reason: 'corrected_before_confirming', userId, identifier: email }, context);
  // sendVerification voids the link sent to the old address before it mails the new one.
  const moved = updated;
  deferTask(context, () => sendVerification(moved, context));
  return ok({ email });
}

async function neverUsed(userId: number): Promise<boolean> {
  if (await hasAnyToken(userId)) return false;
  const db = await getDb();
  const [login] = await db
    .select({ id: authEvents.id })
    .from(authEvents)
    .where(and(eq(authEvents.userId, userId), eq(authEvents.type, 'login'), eq(authEvents.outcome, 'success')))
    .limit(1);
  return !login;
}
