import { createHmac } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { getDb, rateLimits } from '@/lib/db';
import { env } from '@/lib/env';
import { derivedKey } from '@/lib/secrets';
import { failure, type AuthFailure } from './result';
import { sourceKeyOf } from './source-address';

/**
 * Throttling kept in the database, so every app instance sees the same counters. Two shapes:
 * fixed windows (N events per window per key) and, for failed logins per account, a backoff that
 * doubles with each consecutive failure and never locks for good.
 */

/** Seconds until the caller may try again; null when allowed. */
export type Verdict = { allowed: true } | { allowed: false; retryAfter: number };

const ALLOWED: Verdict = { allowed: true };

const scaled = (limit: number) => limit * env.THROTTLE_MULTIPLIER;

/** How long a per-account failure streak is remembered after its last failure. */
const STREAK_MEMORY_SECONDS = 24 * 3600;

/** Seconds until a window that started at `window_started_at` ends. */
const secondsLeft = (windowSeconds: number) =>
  sql<number>`ceil(extract(epoch from (${rateLimits.windowStartedAt} + make_interval(secs => ${windowSeconds}) - now())))::int`;

/** Counts one event against `key` and says whether it is within `limit` per `windowSeconds`. */
export async function consume(key: string, limit: number, windowSeconds: number): Promise<Verdict> {
  const db = await getDb();
  const expired = sql`${rateLimits.windowStartedAt} <= now() - make_interval(secs => ${windowSeconds})`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, hits: 1, windowStartedAt: sql`now()`, updatedAt: sql`now()` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${expired} then 1 else ${rateLimits.hits} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${rateLimits.windowStartedAt} end`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ hits: rateLimits.hits, retryAfter: secondsLeft(windowSeconds) });
  if (!row || row.hits <= scaled(limit)) return ALLOWED;
  return { allowed: false, retryAfter: Math.max(1, Number(row.retryAfter)) };
}

/**
 * Takes back one event counted by `consume` (a login that turned out right: only failures count
 * against a source, but each attempt is counted before its password check so parallel attempts
 * cannot all slip under the limit while bcrypt runs).
 */
export async function refund(key: string): Promise<void> {
  const db = await getDb();
  await db
    .update(rateLimits)
    .set({ hits: sql`${rateLimits.hits} - 1` })
    .where(and(eq(rateLimits.key, key), gt(rateLimits.hits, 0)));
}

/**
 * Password checks one source has running in this process. Kept in memory on purpose: it bounds
 * how much of this process's hashing one client can hold at once, which is a per-process
 * resource; the database counters above bound the guesses across instances.
 */
const inFlight = new Map<string, number>();

/**
 * Claims one of `LOGIN_SOURCE_CONCURRENCY` places for a source; the returned function gives it
 * back. Null when the source already has that many attempts in flight.
 */
export function enterFlight(sourceKey: string): (() => void) | null {
  const running = inFlight.get(sourceKey) ?? 0;
  if (running >= env.LOGIN_SOURCE_CONCURRENCY) return null;
  inFlight.set(sourceKey, running + 1);
  let left = false;
  return () => {
    if (left) return;
    left = true;
    const now = (inFlight.get(sourceKey) ?? 1) - 1;
    if (now <= 0) inFlight.delete(sourceKey);
    else inFlight.set(sourceKey, now);
  };
}

/** Whether `key` has already used up `limit` in its current window, without counting. */
export async function peek(key: string, limit: number, windowSeconds: number): Promise<Verdict> {
  const db = await getDb();
  const [row] = await db
    .select({ hits: rateLimits.hits, retryAfter: secondsLeft(windowSeconds) })
    .from(rateLimits)
    .where(eq(rateLimits.key, key));
  if (!row || Number(row.retryAfter) <= 0 || row.hits < scaled(limit)) return ALLOWED;
  return { allowed: false, retryAfter: Number(row.retryAfter) };
}

/**
 * A request limited both per source address and per account (reset, verification and email-change
 * requests):
 * both counters always count, and the first that is over its limit answers.
 */
export async function consumeRequest(sourceKey: string, accountKey: string): Promise<Verdict> {
  const bySource = await consume(sourceKey, env.RESET_SOURCE_LIMIT, env.RESET_REQUEST_WINDOW);
  const byAccount = await consume(accountKey, env.RESET_ACCOUNT_LIMIT, env.RESET_REQUEST_WINDOW);
  return bySource.allowed ? byAccount : bySource;
}

/** Seconds of backoff after `failures` consecutive failures. */
function backoffSeconds(failures: number): number {
  const free = scaled(env.LOGIN_FREE_ATTEMPTS);
  if (failures < free) return 0;
  return Math.min(env.LOGIN_BACKOFF_MAX, 2 ** Math.min(30, failures - free));
}

/**
 * Starts a login attempt for an account key. The attempt is counted as a failure up front (and
 * forgiven by `forgive` when the password turns out right), so parallel guesses cannot slip past
 * the counter while the password is being checked. One statement: the upsert takes the row's lock,
 * checks the backoff and counts, so concurrent attempts are counted one after another.
 */
export async function beginAttempt(key: string): Promise<Verdict> {
  const db = await getDb();
  const free = scaled(env.LOGIN_FREE_ATTEMPTS);
  const stale = sql`${rateLimits.updatedAt} < now() - make_interval(secs => ${STREAK_MEMORY_SECONDS}::int)`;
  const failures = sql<number>`(case when ${stale} then 1 else ${rateLimits.hits} + 1 end)`;
  // backoffSeconds, in SQL, for the row's own count.
  const backoff = sql`least(${env.LOGIN_BACKOFF_MAX}::double precision, power(2, least(30, ${failures} - ${free}::int)))`;
  const firstBackoff = backoffSeconds(1);
  const counted = await db
    .insert(rateLimits)
    .values({
      key,
      hits: 1,
      windowStartedAt: sql`now()`,
      blockedUntil: firstBackoff > 0 ? sql`now() + make_interval(secs => ${firstBackoff}::int)` : null,
      updatedAt: sql`now()`,
    })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: failures,
        windowStartedAt: sql`case when ${stale} then now() else ${rateLimits.windowStartedAt} end`,
        blockedUntil: sql`case when ${failures} >= ${free}::int then now() + make_interval(secs => ${backoff}) else null end`,
        updatedAt: sql`now()`,
      },
      // Held back: the attempt is refused and not counted (waiting out a backoff never lengthens it).
      setWhere: sql`${rateLimits.blockedUntil} is null or ${rateLimits.blockedUntil} <= now()`,
    })
    .returning({ hits: rateLimits.hits });
  if (counted.length > 0) return ALLOWED;
  const [row] = await db
    .select({ blockedFor: sql<number | null>`ceil(extract(epoch from (${rateLimits.blockedUntil} - now())))::int` })
    .from(rateLimits)
    .where(eq(rateLimits.key, key));
  return { allowed: false, retryAfter: Math.max(1, Number(row?.blockedFor ?? 1)) };
}

/** A correct password clears the account's failure streak. */
export async function forgive(key: string): Promise<void> {
  const db = await getDb();
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/**
 * A right password: the source gets its attempt back (`refund`) and the account key's streak is
 * cleared (`forgive`), in one round trip, as every successful login does both.
 */
export async function settleSuccess(sourceKey: string, accountKey: string): Promise<void> {
  const db = await getDb();
  await db.execute(sql`with refunded as (
    update ${rateLimits} set hits = hits - 1 where key = ${sourceKey} and hits > 0 returning 1
  ) delete from ${rateLimits} where key = ${accountKey}`);
}

/** Drops rows that no longer hold anything back. */
export async function sweepRateLimits(): Promise<number> {
  const db = await getDb();
  const longest = Math.max(STREAK_MEMORY_SECONDS, env.LOGIN_SOURCE_WINDOW, env.RESET_REQUEST_WINDOW, env.TOKEN_FAILURE_WINDOW, env.SIGNUP_WINDOW);
  const deleted = await db
    .delete(rateLimits)
    .where(
      and(
        lt(rateLimits.updatedAt, sql`now() - make_interval(secs => ${longest})`),
        sql`(${rateLimits.blockedUntil} is null or ${rateLimits.blockedUntil} < now())`,
      ),
    )
    .returning({ key: rateLimits.key });
  return deleted.length;
}

/** The 429 every throttled request gets, on both front doors. */
export function tooManyRequests(retryAfter: number): AuthFailure {
  return { ...failure(429, 'Too many attempts. Try again later.', 'TOO_MANY_REQUESTS'), retryAfter };
}

/** The 503 a login or password change gets when every hashing worker is busy and the queue is full. */
export function serviceUnavailable(retryAfter = 1): AuthFailure {
  return { ...failure(503, 'The service is busy. Try again shortly.', 'SERVICE_UNAVAILABLE'), retryAfter };
}

/**
 * An identifier that names no account, as a keyed hash: the counter still follows it (so throttling
 * an unknown account looks like throttling a known one), but a password typed into the
 * identifier field is never stored.
 */
export function identifierDigest(identifier: string): string {
  return createHmac('sha256', derivedKey('latchkey identifier digest v1')).update(identifier).digest('base64url').slice(0, 32);
}

/**
 * The keys, in one place so the front doors and the tests agree on them. Every per-source key goes
 * through `sourceKeyOf`: IPv6 counts by /64, IPv4-mapped IPv6 as IPv4.
 */
export const throttleKeys = {
  /** By account id when the account exists, so its email and its username share one counter. */
  loginAccount: (userId: number) => `login-account:${userId}`,
  loginUnknown: (identifier: string) => `login-unknown:${identifierDigest(identifier)}`,
  loginDevice: (nonce: string) => `login-device:${nonce}`,
  loginSource: (address: string | null | undefined) => `login-source:${sourceKeyOf(address)}`,
  changePasswordAccount: (userId: number) => `change-password-account:${userId}`,
  changePasswordSource: (address: string | null | undefined) => `change-password-source:${sourceKeyOf(address)}`,
  resetAccount: (email: string) => `reset-account:${email}`,
  resetSource: (address: string | null | undefined) => `reset-source:${sourceKeyOf(address)}`,
  tokenFailures: (address: string | null | undefined) => `token-failures:${sourceKeyOf(address)}`,
  signupSource: (address: string | null | undefined) => `signup-source:${sourceKeyOf(address)}`,
  verifyAccount: (userId: number | string) => `verify-account:${userId}`,
  verifySource: (address: string | null | undefined) => `verify-source:${sourceKeyOf(address)}`,
  emailChangeAccount: (userId: number) => `email-change-account:${userId}`,
  /** Email changes asked for (each mails the new address), per account and per source. */
  emailChangeMail: (userId: number) => `email-change-mail:${userId}`,
  emailChangeSource: (address: string | null | undefined) => `email-change-source:${sourceKeyOf(address)}`,
  /** Wrong two-factor codes (authenticator or recovery), per account, with the login backoff. */
  secondFactorAccount: (userId: number) => `second-factor-account:${userId}`,
};
