import { and, eq, sql } from 'drizzle-orm';
import { accessTokens, getDb, users, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { sendPasswordChangedEmail, sendResetPasswordEmail, sendVerifyFirstEmail } from '@/lib/email/reset-password';
import { issueAccessToken, RESET_PASSWORD_SCOPE, validateAccessToken } from './access-tokens';
import { requireArguments } from './arguments';
import { deferTask, recordEvent, type RequestContext } from './audit';
import { emit, on } from './events';
import { checkPasswordPolicy } from './password-policy';
import { checkNewPassword, hashPassword } from './passwords';
import { AUTHORIZATION_REQUIRED, fail, failure, INVALID_TOKEN, ok, type AuthFailure, type Result } from './result';
import { consume, consumeRequest, peek, throttleKeys, tooManyRequests } from './throttle';
import { findUserByEmail, normalizeEmail, toUserJSON } from './users';

// The default listener: email the link. Apps may add listeners of their own with `on`.
on('resetPasswordRequest', sendResetPasswordEmail);

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
  if (env.EMAIL_VERIFICATION_REQUIRED && !user.emailVerified) {
    await sendVerifyFirstEmail(user.email);
    return;
  }
  const db = await getDb();
  // A newer request supersedes the older links.
  await db
    .delete(accessTokens)
    .where(and(eq(accessTokens.userId, user.id), sql`${RESET_PASSWORD_SCOPE} = any(${accessTokens.scopes})`));
  const { token } = await issueAccessToken({ userId: user.id, ttl: env.RESET_TOKEN_TTL, scopes: [RESET_PASSWORD_SCOPE] });
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

/** Stores a new password and revokes the user's tokens, all but `keep`, in one transaction. */
export async function storePassword(userId: number, password: string, keep?: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    await tx
      .delete(accessTokens)
      .where(keep ? and(eq(accessTokens.userId, userId), sql`${accessTokens.id} <> ${keep}`) : eq(accessTokens.userId, userId));
  });
}

/** The rules a new password must pass: length and bytes, then common and personal words. */
export function checkPasswordFor(user: Pick<User, 'email' | 'username'>, password: unknown): AuthFailure | null {
  return checkNewPassword(password) ?? checkPasswordPolicy(password as string, user);
}

/** After a change or a reset: tell the account holder at the stored address. */
export function notifyPasswordChanged(user: Pick<User, 'email'>, context: RequestContext): void {
  const at = new Date();
  const origin = { userAgent: context.userAgent, sourceAddress: context.sourceAddress };
  deferTask(context, () => sendPasswordChangedEmail(user.email, at, origin));
}

/**
 * `POST /reset-password`: a reset token sets a new password once. Every token of the user,
 * the reset token included, is revoked, so whoever held a session is signed out. Wrong tokens
 * are counted per source address and throttled.
 */
export async function setPasswordWithResetToken(
  rawToken: string | undefined,
  newPassword: unknown,
  context: RequestContext = {},
): Promise<Result<{ userId: number }>> {
  const failures = throttleKeys.tokenFailures(context.sourceAddress ?? 'unknown');
  const throttled = await peek(failures, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  if (!throttled.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'reset_token' }, context);
    return fail(tooManyRequests(throttled.retryAfter));
  }
  const check = rawToken ? await validateAccessToken(rawToken, RESET_PASSWORD_SCOPE) : { status: 'unknown' as const };
  if (check.status !== 'valid') {
    if (rawToken) await consume(failures, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
    await recordEvent({ type: 'reset_completed', outcome: 'failure', reason: check.status === 'expired' ? 'expired_token' : 'invalid_token' }, context);
    return fail(check.status === 'expired' ? INVALID_TOKEN : AUTHORIZATION_REQUIRED);
  }
  const problem = requireArguments({ newPassword }) ?? checkPasswordFor(check.user, newPassword);
  if (problem) return fail(problem);
  await storePassword(check.user.id, newPassword as string);
  await recordEvent({ type: 'reset_completed', outcome: 'success', userId: check.user.id, identifier: check.user.email }, context);
  notifyPasswordChanged(check.user, context);
  return ok({ userId: check.user.id });
}
