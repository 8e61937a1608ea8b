import { eq } from 'drizzle-orm';
import { getDb, users } from '@/lib/db';
import { env } from '@/lib/env';
import { issueAccessTokenIfCurrent, type IssuedToken } from './access-tokens';
import { recordEvent } from './audit';
import type { RequestContext } from './context';
import { fail, failure, ok, type Result } from './result';
import { verifySecondFactor, type SecondFactorUse } from './two-factor';
import { toUserJSON, type UserJSON } from './user-records';

/** How long the half-finished login (right password, code still to come) stays open. */
export const PENDING_LOGIN_TTL_SECONDS = 300;

/** What the browser's sealed cookie holds between the password and the code. */
export interface PendingLogin {
  userId: number;
  /** The credentials the password was checked under: a reset or change since voids the login. */
  credentialVersion: number;
}

/** The pending login for an account whose right password was just given; null if it is gone. */
export async function beginPendingLogin(userId: number): Promise<PendingLogin | null> {
  const db = await getDb();
  const [row] = await db.select({ credentialVersion: users.credentialVersion }).from(users).where(eq(users.id, userId));
  return row ? { userId, credentialVersion: row.credentialVersion } : null;
}

export type SecondStepSuccess = IssuedToken & { user?: UserJSON; use: SecondFactorUse };

const LOGIN_FAILED = failure(401, 'login failed', 'LOGIN_FAILED');

/**
 * The browser's second step: a code for the account the sealed cookie names. Issues the session
 * under the credentials the password was checked under. Wrong or reused codes: INVALID_OTP.
 */
export async function completePendingLogin(
  pending: PendingLogin,
  code: unknown,
  options: RequestContext & { browser?: boolean; ttl?: number } = {},
): Promise<Result<SecondStepSuccess>> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, pending.userId));
  if (!user || user.credentialVersion !== pending.credentialVersion) return fail(LOGIN_FAILED);
  const checked = await verifySecondFactor(user, code, options);
  if (!checked.ok) {
    await recordEvent({ type: 'login', outcome: 'failure', reason: 'wrong_code', userId: user.id, identifier: user.email }, options);
    return checked;
  }
  const issued = await issueAccessTokenIfCurrent({
    userId: user.id,
    ttl: options.ttl ?? env.TOKEN_TTL,
    userAgent: options.userAgent,
    sourceAddress: options.sourceAddress,
    browser: options.browser,
    credentialVersion: pending.credentialVersion,
  });
  if (!issued) {
    await recordEvent({ type: 'login', outcome: 'failure', reason: 'credential_changed', userId: user.id }, options);
    return fail(LOGIN_FAILED);
  }
  await recordEvent({ type: 'login', outcome: 'success', userId: user.id, identifier: user.email }, options);
  return ok({ ...issued.token, user: toUserJSON(user), use: checked.value });
}
