import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { getDb, recoveryCodes, twoFactorCredentials, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { derivedKey } from '@/lib/secrets';
import type { Executor } from './access-tokens';
import { recordEvent } from './audit';
import type { RequestContext } from './context';
import { mailer, type TwoFactorChange } from './mailer';
import { verifyPassword } from './passwords';
import { recoveryCodesLeft, replaceRecoveryCodes, spendRecoveryCode } from './recovery-codes';
import { fail, failure, ok, type AuthFailure, type Result } from './result';
import { beginAttempt, consume, forgive, peek, throttleKeys, tooManyRequests } from './throttle';

/**
 * Two-factor authentication: time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30-second
 * steps, what every authenticator app speaks) and single-use recovery codes
 * (docs/decisions/023-two-factor.md). The secret is kept encrypted under a key derived from
 * SESSION_SECRET; recovery codes only as hashes. @oslojs/otp does the HOTP arithmetic.
 */

const TOTP_PERIOD_SECONDS = 30;
const TOTP_DIGITS = 6;
/** Steps either side of now that are still accepted (clock drift, a code typed as it turns). */
const WINDOW_STEPS = 1;
const ISSUER = 'Latchkey';

export const OTP_REQUIRED = failure(401, 'A one-time code is required', 'OTP_REQUIRED');
const INVALID_OTP = failure(400, 'Invalid one-time code', 'INVALID_OTP');
const OTP_NOT_A_STRING = failure(400, 'otp must be a string', 'INVALID_OTP');
const OTP_ALREADY_ENABLED = failure(400, 'Two-factor authentication is already on', 'OTP_ALREADY_ENABLED');
const OTP_NOT_ENABLED = failure(400, 'Two-factor authentication is not on', 'OTP_NOT_ENABLED');
const OTP_NOT_STARTED = failure(400, 'Start two-factor enrolment first', 'OTP_NOT_STARTED');
const CURRENT_PASSWORD_REQUIRED = failure(400, 'currentPassword is required', 'CURRENT_PASSWORD_REQUIRED');
const INVALID_CURRENT_PASSWORD = failure(400, 'Invalid current password', 'INVALID_PASSWORD');

// ---- the secret at rest -------------------------------------------------------------------

const secretKey = () => derivedKey('latchkey totp secret v1');

/**
 * AES-256-GCM; the user id is authenticated data, so a ciphertext copied onto another account's
 * row does not decrypt there.
 */
export function encryptSecret(userId: number, secret: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(), iv);
  cipher.setAAD(Buffer.from(`user:${userId}`));
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Null when the value does not open under the current key (SESSION_SECRET changed, or tampering). */
export function decryptSecret(userId: number, stored: string): Uint8Array | null {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', secretKey(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`user:${userId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]));
  } catch {
    return null;
  }
}

// ---- codes --------------------------------------------------------------------------------

/** The time step a moment falls in. */
export function timeStep(at = Date.now()): number {
  return Math.floor(at / 1000 / TOTP_PERIOD_SECONDS);
}

/** A six-digit code, spaces and dashes allowed (apps show `123 456`). */
function asTotpCode(code: string): string | null {
  const digits = code.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The step whose code this is, within one step either side of now; null for none. Every step of
 * the window is checked (constant-time comparisons inside), whichever matches.
 */
export function matchingStep(secret: Uint8Array, code: string, at = Date.now()): number | null {
  const now = timeStep(at);
  let found: number | null = null;
  for (let step = now - WINDOW_STEPS; step <= now + WINDOW_STEPS; step++) {
    if (verifyHOTP(secret, BigInt(step), TOTP_DIGITS, code) && found === null) found = step;
  }
  return found;
}

// ---- reading ------------------------------------------------------------------------------

export interface TwoFactorStatus {
  enabled: boolean;
  /** An enrolment started and not yet confirmed with a code. */
  pending: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

async function credentialOf(userId: number) {
  const db = await getDb();
  const [row] = await db.select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, userId));
  return row;
}

export async function getTwoFactorStatus(userId: number): Promise<TwoFactorStatus> {
  const row = await credentialOf(userId);
  const enabled = Boolean(row?.enabledAt);
  return {
    enabled,
    pending: Boolean(row && !row.enabledAt),
    enabledAt: row?.enabledAt ?? null,
    recoveryCodesLeft: enabled ? await recoveryCodesLeft(userId) : 0,
  };
}

/** Whether an account has a confirmed second factor. */
export async function hasTwoFactor(userId: number): Promise<boolean> {
  return (await getTwoFactorStatus(userId)).enabled;
}

/**
 * Whether this way in must also give a code. A password always does when two-factor is on; a
 * third-party login only with TWO_FACTOR_THIRD_PARTY_LOGIN, as the provider's own sign-in (and
 * its own second factor) stands in for it otherwise (docs/decisions/023).
 */
export async function secondFactorRequired(userId: number, via: 'password' | 'third-party'): Promise<boolean> {
  if (via === 'third-party' && !env.TWO_FACTOR_THIRD_PARTY_LOGIN) return false;
  return hasTwoFactor(userId);
}

export interface Enrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** `otpauth://totp/Latchkey:<account>?…`, what the QR code holds. */
  uri: string;
}

/** The name an authenticator app lists the account under. */
const accountLabel = (user: Pick<User, 'email' | 'username'>) => user.email || user.username || 'account';

function enrolmentOf(user: Pick<User, 'email' | 'username'>, secret: Uint8Array): Enrolment {
  return {
    secret: encodeBase32UpperCaseNoPadding(secret),
    uri: createTOTPKeyURI(ISSUER, accountLabel(user), secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS),
  };
}

/** The enrolment waiting for its first code, to show again (the account page); null when none. */
export async function getPendingEnrolment(user: Pick<User, 'id' | 'email' | 'username'>): Promise<Enrolment | null> {
  const row = await credentialOf(user.id);
  if (!row || row.enabledAt) return null;
  const secret = decryptSecret(user.id, row.secretCiphertext);
  return secret ? enrolmentOf(user, secret) : null;
}

// ---- checks shared by the doors -----------------------------------------------------------

/**
 * The current password, for turning the factor on or off and for new recovery codes: a stolen
 * session alone must not be able to lock the owner out with a factor of its own, nor take theirs
 * away. Wrong guesses share the budget of every other current-password check.
 */
async function checkCurrentPassword(user: User, currentPassword: unknown, context: RequestContext): Promise<AuthFailure | null> {
  if (currentPassword === undefined || currentPassword === null || currentPassword === '') return CURRENT_PASSWORD_REQUIRED;
  const key = throttleKeys.emailChangeAccount(user.id);
  const held = await peek(key, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  if (!held.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'two_factor_password', userId: user.id }, context);
    return tooManyRequests(held.retryAfter);
  }
  if (typeof currentPassword === 'string' && currentPassword.length <= 1024 && (await verifyPassword(currentPassword, user.passwordHash))) {
    return null;
  }
  const verdict = await consume(key, env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  return verdict.allowed ? INVALID_CURRENT_PASSWORD : tooManyRequests(verdict.retryAfter);
}

export type SecondFactorUse = { method: 'totp' } | { method: 'recovery_code'; recoveryCodesLeft: number };

/**
 * Checks a code given after a right password (or a reset link): an authenticator code within one
 * step of now and newer than the last one accepted, or an unused recovery code, which is then
 * spent. Wrong codes are counted per account, with the same backoff as passwords; each attempt
 * is counted before the check, so parallel guesses cannot slip under the limit.
 * Fails with INVALID_OTP (wrong, reused, not a code) or 429.
 */
export async function verifySecondFactor(user: Pick<User, 'id'>, code: unknown, context: RequestContext = {}): Promise<Result<SecondFactorUse>> {
  if (code !== undefined && code !== null && typeof code !== 'string') return fail(OTP_NOT_A_STRING);
  const key = throttleKeys.secondFactorAccount(user.id);
  const verdict = await beginAttempt(key);
  if (!verdict.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'second_factor', userId: user.id }, context);
    return fail(tooManyRequests(verdict.retryAfter));
  }
  const given = typeof code === 'string' && code.length <= 64 ? code : '';
  const used = await spendCode(user.id, given);
  if (!used.ok) {
    await recordEvent({ type: 'second_factor', outcome: 'failure', reason: used.reason, userId: user.id }, context);
    return fail(INVALID_OTP);
  }
  await forgive(key);
  await recordEvent({ type: 'second_factor', outcome: 'success', reason: used.value.method, userId: user.id }, context);
  return ok(used.value);
}

type Spent = { ok: true; value: SecondFactorUse } | { ok: false; reason: 'wrong_code' | 'reused_code' | 'unreadable_secret' };

async function spendCode(userId: number, given: string): Promise<Spent> {
  const row = await credentialOf(userId);
  if (!row?.enabledAt) return { ok: false, reason: 'wrong_code' };
  const db = await getDb();
  const totp = asTotpCode(given);
  if (totp) {
    const secret = decryptSecret(userId, row.secretCiphertext);
    if (!secret) {
      console.error(`[latchkey] the two-factor secret of user ${userId} does not open under the current SESSION_SECRET`);
      return { ok: false, reason: 'unreadable_secret' };
    }
    const step = matchingStep(secret, totp);
    if (step === null) return { ok: false, reason: 'wrong_code' };
    // One statement decides: of two requests with one code, only one moves the step forward.
    const accepted = await db
      .update(twoFactorCredentials)
      .set({ lastUsedStep: step, updatedAt: sql`now()` })
      .where(
        and(
          eq(twoFactorCredentials.userId, userId),
          isNotNull(twoFactorCredentials.enabledAt),
          or(isNull(twoFactorCredentials.lastUsedStep), lt(twoFactorCredentials.lastUsedStep, step)),
        ),
      )
      .returning({ userId: twoFactorCredentials.userId });
    return accepted.length === 1 ? { ok: true, value: { method: 'totp' } } : { ok: false, reason: 'reused_code' };
  }
  const left = await spendRecoveryCode(userId, given);
  if (left === null) return { ok: false, reason: 'wrong_code' };
  return { ok: true, value: { method: 'recovery_code', recoveryCodesLeft: left } };
}

// ---- turning it on and off ----------------------------------------------------------------

/** In the transaction of the change: tell the account holder at the stored address. */
async function notify(tx: Executor, user: Pick<User, 'email'>, change: TwoFactorChange, context: RequestContext): Promise<void> {
  const origin = { userAgent: context.userAgent, sourceAddress: context.sourceAddress };
  await mailer().queue(tx, 'twoFactorChanged', { email: user.email, change, at: new Date().toISOString(), origin });
}

/**
 * Starts an enrolment: a new random secret (160 bits, as RFC 4226 advises), stored encrypted and
 * not yet in force. Starting again replaces a pending secret; an active one is left alone.
 */
export async function startTwoFactorEnrolment(user: User, currentPassword: unknown, context: RequestContext = {}): Promise<Result<Enrolment>> {
  if (await hasTwoFactor(user.id)) return fail(OTP_ALREADY_ENABLED);
  const wrong = await checkCurrentPassword(user, currentPassword, context);
  if (wrong) return fail(wrong);
  const secret = new Uint8Array(randomBytes(20));
  const secretCiphertext = encryptSecret(user.id, secret);
  const db = await getDb();
  const written = await db
    .insert(twoFactorCredentials)
    .values({ userId: user.id, secretCiphertext })
    .onConflictDoUpdate({
      target: twoFactorCredentials.userId,
      set: { secretCiphertext, lastUsedStep: null, createdAt: sql`now()`, updatedAt: sql`now()` },
      // Never over a factor that a parallel request has just confirmed.
      setWhere: isNull(twoFactorCredentials.enabledAt),
    })
    .returning({ userId: twoFactorCredentials.userId });
  if (written.length === 0) return fail(OTP_ALREADY_ENABLED);
  return ok(enrolmentOf(user, secret));
}

/** How long an enrolment may wait for its first code before the sweeper drops its secret. */
const ENROLMENT_KEPT_SECONDS = 86400;

/** For the sweeper: drops enrolments abandoned for a day, so no unused secret stays at rest. */
export async function sweepAbandonedEnrolments(): Promise<number> {
  const db = await getDb();
  const dropped = await db
    .delete(twoFactorCredentials)
    .where(
      and(isNull(twoFactorCredentials.enabledAt), lt(twoFactorCredentials.createdAt, sql`now() - make_interval(secs => ${ENROLMENT_KEPT_SECONDS})`)),
    )
    .returning({ userId: twoFactorCredentials.userId });
  return dropped.length;
}

/** Drops an enrolment that was never confirmed; an active factor stays. */
export async function cancelTwoFactorEnrolment(userId: number): Promise<void> {
  const db = await getDb();
  await db.delete(twoFactorCredentials).where(and(eq(twoFactorCredentials.userId, userId), isNull(twoFactorCredentials.enabledAt)));
}

/**
 * Confirms an enrolment with a current code from the app: only then is two-factor on. The code's
 * step counts as used. Answers the ten recovery codes, which are never shown again.
 */
export async function confirmTwoFactorEnrolment(
  user: User,
  code: unknown,
  context: RequestContext = {},
): Promise<Result<{ recoveryCodes: string[] }>> {
  if (code !== undefined && code !== null && typeof code !== 'string') return fail(OTP_NOT_A_STRING);
  const row = await credentialOf(user.id);
  if (!row) return fail(OTP_NOT_STARTED);
  if (row.enabledAt) return fail(OTP_ALREADY_ENABLED);
  const key = throttleKeys.secondFactorAccount(user.id);
  const verdict = await beginAttempt(key);
  if (!verdict.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'second_factor', userId: user.id }, context);
    return fail(tooManyRequests(verdict.retryAfter));
  }
  const secret = decryptSecret(user.id, row.secretCiphertext);
  const totp = typeof code === 'string' ? asTotpCode(code) : null;
  const step = secret && totp ? matchingStep(secret, totp) : null;
  if (step === null) {
    await recordEvent({ type: 'two_factor_enabled', outcome: 'failure', reason: 'wrong_code', userId: user.id }, context);
    return fail(INVALID_OTP);
  }
  const db = await getDb();
  const codes = await db.transaction(async (tx) => {
    const enabled = await tx
      .update(twoFactorCredentials)
      .set({ enabledAt: sql`now()`, lastUsedStep: step, updatedAt: sql`now()` })
      .where(
        and(
          eq(twoFactorCredentials.userId, user.id),
          eq(twoFactorCredentials.secretCiphertext, row.secretCiphertext),
          isNull(twoFactorCredentials.enabledAt),
        ),
      )
      .returning({ userId: twoFactorCredentials.userId });
    if (enabled.length === 0) return null;
    await notify(tx, user, 'enabled', context);
    return replaceRecoveryCodes(user.id, tx);
  });
  // A parallel confirmation won, or the enrolment was restarted meanwhile.
  if (!codes) return fail(INVALID_OTP);
  await forgive(key);
  await recordEvent({ type: 'two_factor_enabled', outcome: 'success', userId: user.id }, context);
  return ok({ recoveryCodes: codes });
}

/** Turns two-factor off: the current password and a code (or a recovery code). */
export async function disableTwoFactor(user: User, currentPassword: unknown, code: unknown, context: RequestContext = {}): Promise<Result<void>> {
  if (code !== undefined && code !== null && typeof code !== 'string') return fail(OTP_NOT_A_STRING);
  if (!(await hasTwoFactor(user.id))) return fail(OTP_NOT_ENABLED);
  const wrong = await checkCurrentPassword(user, currentPassword, context);
  if (wrong) {
    await recordEvent({ type: 'two_factor_disabled', outcome: 'failure', reason: 'wrong_password', userId: user.id }, context);
    return fail(wrong);
  }
  const checked = await verifySecondFactor(user, code, context);
  if (!checked.ok) return checked;
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.delete(twoFactorCredentials).where(eq(twoFactorCredentials.userId, user.id));
    await notify(tx, user, 'disabled', context);
  });
  await recordEvent({ type: 'two_factor_disabled', outcome: 'success', userId: user.id }, context);
  return ok(undefined);
}

/** New recovery codes (the old ones stop working), for the current password. */
export async function regenerateRecoveryCodes(
  user: User,
  currentPassword: unknown,
  context: RequestContext = {},
): Promise<Result<{ recoveryCodes: string[] }>> {
  if (!(await hasTwoFactor(user.id))) return fail(OTP_NOT_ENABLED);
  const wrong = await checkCurrentPassword(user, currentPassword, context);
  if (wrong) {
    await recordEvent({ type: 'recovery_codes_generated', outcome: 'failure', reason: 'wrong_password', userId: user.id }, context);
    return fail(wrong);
  }
  const db = await getDb();
  const codes = await db.transaction(async (tx) => {
    await notify(tx, user, 'recovery_codes', context);
    return replaceRecoveryCodes(user.id, tx);
  });
  await recordEvent({ type: 'recovery_codes_generated', outcome: 'success', userId: user.id }, context);
  return ok({ recoveryCodes: codes });
}
