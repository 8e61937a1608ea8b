import { and, eq, sql } from 'drizzle-orm';
import { accessTokens, getDb, users } from '@/lib/db';
import { env } from '@/lib/env';
import { sendResetPasswordEmail } from '@/lib/email/reset-password';
import { issueAccessToken, RESET_PASSWORD_SCOPE, validateAccessToken } from './access-tokens';
import { emit, on } from './events';
import { requireArguments } from './arguments';
import { checkNewPassword, hashPassword } from './passwords';
import { AUTHORIZATION_REQUIRED, fail, failure, INVALID_TOKEN, ok, type Result } from './result';
import { findUserByEmail, toUserJSON } from './users';

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
  return ok({ email: body.email, ...(typeof body.realm === 'string' && { realm: body.realm }) });
}

/**
 * `User.resetPassword({ email })`: for a known address, replaces any earlier reset token with a
 * new one (scoped to setting a password, short-lived) and emits `resetPasswordRequest`. An unknown
 * address does nothing; callers answer the same either way and should run this after responding.
 */
export async function resetPassword(request: ResetRequest): Promise<void> {
  const user = await findUserByEmail(request.email);
  if (!user) return;
  const db = await getDb();
  // A newer request supersedes the older links.
  await db
    .delete(accessTokens)
    .where(and(eq(accessTokens.userId, user.id), sql`${RESET_PASSWORD_SCOPE} = any(${accessTokens.scopes})`));
  const { token } = await issueAccessToken({ userId: user.id, ttl: env.RESET_TOKEN_TTL, scopes: [RESET_PASSWORD_SCOPE] });
  await emit('resetPasswordRequest', { email: user.email, accessToken: token, user: toUserJSON(user), options: request });
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

/**
 * `POST /reset-password`: a reset token sets a new password once. Every token of the user,
 * the reset token included, is revoked, so whoever held a session is signed out.
 */
export async function setPasswordWithResetToken(rawToken: string | undefined, newPassword: unknown): Promise<Result<{ userId: number }>> {
  const check = rawToken ? await validateAccessToken(rawToken, RESET_PASSWORD_SCOPE) : { status: 'unknown' as const };
  if (check.status === 'expired') return fail(INVALID_TOKEN);
  if (check.status !== 'valid') return fail(AUTHORIZATION_REQUIRED);
  const problem = requireArguments({ newPassword }) ?? checkNewPassword(newPassword);
  if (problem) return fail(problem);
  await storePassword(check.user.id, newPassword as string);
  return ok({ userId: check.user.id });
}
