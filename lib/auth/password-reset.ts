import { and, eq } from 'drizzle-orm';
import { getDb, users, type User } from '@/lib/db';
import { env } from '@/lib/env';
import {
  bumpCredentialVersion,
  issueAccessTokenIfCurrent,
  RESET_PASSWORD_SCOPE,
  revokeUserTokensOfScope,
  spendAccessToken,
  validateAccessToken,
  type Executor,
  type KeepToken,
} from './access-tokens';
import { requireArguments } from './arguments';
import { recordEvent } from './audit';
import { deferTask, type RequestContext } from './context';
import { emit } from './hooks';
import { mailer } from './mailer';
import { checkPasswordPolicyAndBreaches } from './password-policy';
import { checkNewPassword, hashPassword } from './passwords';
import { AUTHORIZATION_REQUIRED, fail, failure, INVALID_TOKEN, ok, type AuthFailure, type Result } from './result';
import { consume, consumeRequest, peek, throttleKeys, tooManyRequests } from './throttle';
import { OTP_REQUIRED, secondFactorRequired, verifySecondFactor } from './two-factor';
import { findUserByEmail, normalizeEmail, toUserJSON } from './user-records';

export interface ResetRequest {
  email: string;
  realm?: string;
}

/** Checks a `POST /reset` body; the only failure is LoopBack's 400 EMAIL_REQUIRED. */
export function checkResetRequest(body: Record<string, unknown>): Result<ResetRequest> {
  if (typeof body.email !== 'string' || body.email.trim() === '') {
    return fail(failure(400, 'Email is required', 'EMAIL_REQUIRED'));
  }
  return ok({ email: body.email.slice(0, 320), ...(typeof body.realm === 'string' && { realm: body.realm }) });
}

/**
 * `User.resetPassword({ email })`: for a known address, replaces any earlier reset token with a
 * new one (scoped to setting a password, short-lived) and emits `resetPasswordRequest`. An unknown
 * address does nothing; an unverified one, where verification is required, is told to verify first.
 */
export async function resetPassword(request: ResetRequest, context: RequestContext = {}): Promise<void> {
  const user = await findUserByEmail(request.email, request.realm);
  if (!user) return;
  await recordEvent({ type: 'reset_requested', outcome: 'success', userId: user.id, identifier: user.email }, context);
  const db = await getDb();
  if (env.EMAIL_VERIFICATION_REQUIRED && !user.emailVerified) {
    await mailer().queue(db, 'verifyFirst', { email: user.email });
    return;
  }
  // The link and its mail commit together: no link without its mail, no mail with a dead link.
  const issued = await db.transaction(async (tx) => {
    // A newer request supersedes the older links.
    await revokeUserTokensOfScope(user.id, RESET_PASSWORD_SCOPE, tx);
    // Under the version just read: a link issued while the password changes is void with the rest.
    const fresh = await issueAccessTokenIfCurrent(
      { userId: user.id, ttl: env.RESET_TOKEN_TTL, scopes: [RESET_PASSWORD_SCOPE], credentialVersion: user.credentialVersion },
      tx,
    );
    if (fresh) await mailer().queue(tx, 'resetPassword', { email: user.email, token: fresh.token.id, ttl: fresh.token.ttl });
    return fresh;
  });
  if (!issued) return;
  const { token } = issued;
  // For the app's own listeners (LoopBack's hook); the mail itself is already queued above.
  await emit('resetPasswordRequest', { email: user.email, accessToken: token, user: toUserJSON(user), options: request });
}

/**
 * The whole of `POST /reset` for a front door: checks the body and the limits (per address, known
 * or not, and per source), then leaves the lookup and the mail for after the response, so a known
 * and an unknown address get the same answer in the same time.
 */
export async function requestPasswordReset(body: Record<string, unknown>, context: RequestContext = {}): Promise<Result<void>> {
  const checked = checkResetRequest(body);
  if (!checked.ok) return checked;
  const email = normalizeEmail(checked.value.email);
  const verdict = await consumeRequest(throttleKeys.resetSource(context.sourceAddress ?? 'unknown'), throttleKeys.resetAccount(email));
  if (!verdict.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'reset_request', identifier: email }, context);
    return fail(tooManyRequests(verdict.retryAfter));
  }
  deferTask(context, () => resetPassword(checked.value, context));
  return ok(undefined);
}

/**
 * Stores a new password and revokes the user's tokens, all but `keepTokenHash`, in one
 * transaction that bumps `credential_version`. With `expectedVersion`, nothing changes (false)
 * unless the credentials are still the ones the caller checked.
 */
export async function storePassword(
  userId: number,
  password: string,
  options: KeepToken & { expectedVersion?: number; notify?: { email: string; context: RequestContext } } = {},
): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const version = options.expectedVersion;
    const updated = await tx
      .update(users)
      .set({ passwordHash })
      .where(version === undefined ? eq(users.id, userId) : and(eq(users.id, userId), eq(users.credentialVersion, version)))
      .returning({ id: users.id });
    if (updated.length === 0) return false;
    await bumpCredentialVersion(tx, userId, { keepTokenHash: options.keepTokenHash });
    if (options.notify) await queuePasswordChanged(tx, options.notify.email, options.notify.context);
    return true;
  });
}

/** The rules a new password must pass: length and bytes, then common and personal words. */
export async function checkPasswordFor(user: Pick<User, 'email' | 'username'>, password: unknown): Promise<AuthFailure | null> {
  return checkNewPassword(password) ?? (await checkPasswordPolicyAndBreaches(password as string, user));
}

/** With a change or a reset, in its transaction: tell the account holder at the stored address. */
async function queuePasswordChanged(tx: Executor, email: string, context: RequestContext): Promise<void> {
  const origin = { userAgent: context.userAgent, sourceAddress: context.sourceAddress };
  await mailer().queue(tx, 'passwordChanged', { email, at: new Date().toISOString(), origin });
}

/**
 * `POST /reset-password`: a reset token sets a new password once. Every token of the user,
 * the reset token included, is revoked, so whoever held a session is signed out. Wrong tokens
 * are counted per source address and throttled.
 *
 * An account with two-factor on also needs a code (`otp`: an authenticator or a recovery code)
 * before the new password is set: the emailed link alone stands in for the password, not for the
 * second factor (docs/decisions/023). A missing code is 401 OTP_REQUIRED, a wrong one 401
 * INVALID_OTP; neither spends the link.
 */
export async function setPasswordWithResetToken(
  rawToken: string | undefined,
  newPassword: unknown,
  context: RequestContext = {},
  secondFactor: { otp?: unknown } = {},
): Promise<Result<{ userId: number }>> {
  const failures = throttleKeys.tokenFailures(context.sourceAddress ?? 'unknown');
  const throttled = await peek(failures, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  if (!throttled.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'reset_token' }, context);
    return fail(tooManyRequests(throttled.retryAfter));
  }
  const check = rawToken ? await validateAccessToken(rawToken, RESET_PASSWORD_SCOPE) : { status: 'unknown' as const };
  const refuse = async (status: 'expired' | 'unknown') => {
    if (rawToken) await consume(failures, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
    await recordEvent({ type: 'reset_completed', outcome: 'failure', reason: status === 'expired' ? 'expired_token' : 'invalid_token' }, context);
    return fail(status === 'expired' ? INVALID_TOKEN : AUTHORIZATION_REQUIRED);
  };
  if (check.status !== 'valid') return refuse(check.status);
  // A weak password is refused before the link is spent, so it can be tried again.
  const problem = requireArguments({ newPassword }) ?? (await checkPasswordFor(check.user, newPassword));
  if (problem) return fail(problem);
  if (await secondFactorRequired(check.user.id, 'password')) {
    const otp = secondFactor.otp;
    if (otp === undefined || otp === null || otp === '') return fail(OTP_REQUIRED);
    const checked = await verifySecondFactor(check.user, otp, context);
    if (!checked.ok) {
      await recordEvent({ type: 'reset_completed', outcome: 'failure', reason: 'wrong_code', userId: check.user.id }, context);
      return fail(checked.error.status === 429 ? checked.error : { ...checked.error, status: 401 });
    }
  }
  const passwordHash = await hashPassword(newPassword as string);
  const db = await getDb();
  const stored = await db.transaction(async (tx) => {
    // Spending the link is the first write: of callers racing with one link, exactly one deletes
    // the row, and the rest find it gone, just as if it had been used before.
    if (!(await spendAccessToken(tx, check.token.id, RESET_PASSWORD_SCOPE))) return false;
    await tx.update(users).set({ passwordHash }).where(eq(users.id, check.user.id));
    await bumpCredentialVersion(tx, check.user.id);
    await queuePasswordChanged(tx, check.user.email, context);
    return true;
  });
  if (!stored) return refuse('unknown');
  await recordEvent({ type: 'reset_completed', outcome: 'success', userId: check.user.id, identifier: check.user.email }, context);
  return ok({ userId: check.user.id });
}
