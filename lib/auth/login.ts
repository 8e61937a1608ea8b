import { and, eq, type SQL } from 'drizzle-orm';
import { getDb, users, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { issueAccessTokenIfCurrent, revokeAccessTokenOf, type IssuedToken } from './access-tokens';
import { recordEvent } from './audit';
import { deferTask, type RequestContext } from './context';
import { readDeviceNote } from './device-cookies';
import { HashPoolBusyError } from './hash-pool';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { inRealm, resolveRealm, splitPrincipal } from './realms';
import { fail, failure, ok, type Result } from './result';
import { beginAttempt, consume, enterFlight, refund, serviceUnavailable, settleSuccess, throttleKeys, tooManyRequests } from './throttle';
import { OTP_REQUIRED, secondFactorRequired, verifySecondFactor } from './two-factor';
import { normalizeEmail, toUserJSON, type UserJSON } from './user-records';

export interface LoginOptions extends RequestContext {
  /** `'user'` adds the user to the answer, as LoopBack's `?include=user`. */
  include?: string | string[];
  /** A browser session: it ends after SESSION_IDLE_TIMEOUT unused. */
  browser?: boolean;
  /**
   * The device cookie the browser sent (the login page only; REST clients have none): a valid one
   * for the account is counted under its own limit, so a lockout of the account does not stop it.
   */
  deviceNote?: string;
}

export type LoginSuccess = IssuedToken & { user?: UserJSON };

const LOGIN_FAILED = failure(401, 'login failed', 'LOGIN_FAILED');
const INVALID_TTL = failure(400, 'Invalid ttl: expected a whole number of seconds greater than 0', 'INVALID_TTL');

/**
 * The token lifetime a client asked for, by the contract's rules: absent or 0 gives TOKEN_TTL,
 * above MAX_TTL is clamped, fractions round down, -1 only when eternal tokens are allowed.
 */
export function resolveTtl(requested: unknown): Result<number> {
  if (requested === undefined || requested === null || requested === '') return ok(env.TOKEN_TTL);
  const n =
    typeof requested === 'number'
      ? requested
      : typeof requested === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(requested)
        ? Number(requested)
        : Number.NaN;
  if (!Number.isFinite(n)) return fail(INVALID_TTL);
  const seconds = Math.floor(n);
  if (seconds === 0) return ok(env.TOKEN_TTL);
  if (seconds === -1 && env.ALLOW_ETERNAL_TOKENS) return ok(-1);
  if (seconds < 0) return fail(INVALID_TTL);
  return ok(Math.min(seconds, env.MAX_TTL));
}

function wantsUser(include: LoginOptions['include']): boolean {
  const list = Array.isArray(include) ? include : include === undefined ? [] : [include];
  return list.some((v) => typeof v === 'string' && v.toLowerCase() === 'user');
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

interface Principal {
  field: 'email' | 'username';
  /** Normalised: emails lower-cased and trimmed; usernames as typed. */
  value: string;
  realm: string | null;
}

/** Checks the shape of a login request before any lookup (LoopBack's 400s) and finds who it names. */
function readPrincipal(c: Record<string, unknown>): Result<Principal> {
  if (present(c.realm) && typeof c.realm !== 'string') return fail(failure(400, 'Invalid realm', 'INVALID_REALM'));
  if (present(c.email) && typeof c.email !== 'string') return fail(failure(400, 'Invalid email', 'INVALID_EMAIL'));
  if (present(c.username) && typeof c.username !== 'string') return fail(failure(400, 'Invalid username', 'INVALID_USERNAME'));
  // Email wins when both are given, as in LoopBack.
  const field = present(c.email) ? 'email' : present(c.username) ? 'username' : null;
  if (!field) return fail(failure(400, 'username or email is required', 'USERNAME_EMAIL_REQUIRED'));
  const split = splitPrincipal(c[field] as string);
  const realm = resolveRealm(c.realm, split.realm);
  if ('error' in realm) return fail(realm.error);
  const value = field === 'email' ? normalizeEmail(split.name) : split.name;
  return ok({ field, value: value.slice(0, 320), realm: realm.realm });
}

async function findAccount(principal: Principal): Promise<User | undefined> {
  const db = await getDb();
  const conditions: SQL[] = [eq(principal.field === 'email' ? users.email : users.username, principal.value)];
  if (principal.realm !== null) {
    conditions.push(...inRealm(principal.realm));
  }
  const [user] = await db
    .select()
    .from(users)
    .where(and(...conditions))
    .limit(1);
  return user;
}

/**
 * Which failure counter an attempt is charged to: a known account's own (by id, so its email and
 * its username share it), a device's that has logged in to that account before, or, for a name
 * no account has, one derived from the name (the same backoff, so the answers reveal nothing).
 */
function counterKey(principal: Principal, user: User | undefined, deviceNote: string | undefined): string {
  if (!user) return throttleKeys.loginUnknown(`${principal.realm ?? ''}/${principal.field}/${principal.value}`);
  const note = readDeviceNote(deviceNote);
  if (note && note.userId === user.id) return throttleKeys.loginDevice(note.nonce);
  return throttleKeys.loginAccount(user.id);
}

/**
 * `User.login(credentials, include)`: email or username plus password. Unknown user and wrong
 * password give the same answer after the same bcrypt work; repeated failures are throttled per
 * account (known or not) and per source address, and one source has at most
 * LOGIN_SOURCE_CONCURRENCY attempts in flight.
 */
export async function login(credentials: Record<string, unknown>, options: LoginOptions = {}): Promise<Result<LoginSuccess>> {
  const principal = readPrincipal(credentials);
  if (!principal.ok) return principal;
  // Checked before any lookup, like the other fields, so it says nothing about the account.
  if (present(credentials.otp) && typeof credentials.otp !== 'string') return fail(failure(400, 'otp must be a string', 'INVALID_OTP'));
  const ttl = resolveTtl(credentials.ttl);
  if (!ttl.ok) return ttl;
  const sourceKey = throttleKeys.loginSource(options.sourceAddress);
  // Refused before any query: a flood from one source costs one map lookup per request.
  const leave = enterFlight(sourceKey);
  if (!leave) {
    deferTask(options, () => recordEvent({ type: 'throttled', outcome: 'failure', reason: 'in_flight', identifier: principal.value.value }, options));
    return fail(tooManyRequests(1));
  }
  try {
    return await attemptLogin(principal.value, ttl.value, credentials, options, sourceKey);
  } finally {
    leave();
  }
}

async function attemptLogin(
  principal: Principal,
  ttl: number,
  credentials: Record<string, unknown>,
  options: LoginOptions,
  sourceKey: string,
): Promise<Result<LoginSuccess>> {
  // The lookup runs first, for every attempt (the same work for known and unknown accounts): the
  // counter is the account's, and the owner sees throttled attempts among their own events.
  const user = await findAccount(principal);
  const audit = (outcome: 'success' | 'failure', reason?: string) =>
    recordEvent({ type: reason === 'throttled' ? 'throttled' : 'login', outcome, reason, userId: user?.id, identifier: principal.value }, options);
  const counter = counterKey(principal, user, options.deviceNote);

  // Both counters count the attempt before the password check (and forgive it when it was right),
  // so parallel guesses cannot all slip under a limit while bcrypt runs.
  const source = await consume(sourceKey, env.LOGIN_SOURCE_LIMIT, env.LOGIN_SOURCE_WINDOW);
  const verdict = source.allowed ? await beginAttempt(counter) : source;
  if (!verdict.allowed) {
    await audit('failure', 'throttled');
    return fail(tooManyRequests(verdict.retryAfter));
  }

  let matches: boolean;
  try {
    matches = await verifyPassword(credentials.password, user?.passwordHash ?? null);
  } catch (error) {
    if (!(error instanceof HashPoolBusyError)) throw error;
    // No guess was checked, so the source gets its attempt back (the account counter keeps it:
    // erring towards caution there costs the owner one free attempt at most).
    await refund(sourceKey);
    await audit('failure', 'busy');
    return fail(serviceUnavailable(1));
  }
  if (!user || !matches) {
    await audit('failure', user ? 'wrong_password' : 'unknown_account');
    return fail(LOGIN_FAILED);
  }
  // A device's success clears its own streak, not the account's: whoever is failing on the
  // account elsewhere stays held back.
  await settleSuccess(sourceKey, counter);

  if (env.EMAIL_VERIFICATION_REQUIRED && !user.emailVerified) {
    await audit('failure', 'email_not_verified');
    return fail({
      ...failure(401, 'login failed as the email has not been verified', 'LOGIN_FAILED_EMAIL_NOT_VERIFIED'),
      userId: user.id,
    });
  }
  // Only after a right password does anyone learn that a code is needed (docs/decisions/023).
  if (await secondFactorRequired(user.id, 'password')) {
    if (!present(credentials.otp)) {
      await audit('failure', 'otp_required');
      // The browser keeps the account in a sealed cookie for its second step; REST clients
      // send the password again with the code, so they are not told the id.
      return fail(options.browser ? { ...OTP_REQUIRED, userId: user.id } : OTP_REQUIRED);
    }
    const checked = await verifySecondFactor(user, credentials.otp, options);
    if (!checked.ok) {
      await audit('failure', checked.error.status === 429 ? 'throttled' : 'wrong_code');
      return fail(checked.error.status === 429 ? checked.error : LOGIN_FAILED);
    }
  }
  if (user.passwordHash !== null && needsRehash(user.passwordHash) && typeof credentials.password === 'string') {
    const password = credentials.password;
    deferTask(options, async () => {
      const db = await getDb();
      const passwordHash = await hashPassword(password);
      // Never over a password set since this one was checked.
      await db
        .update(users)
        .set({ passwordHash })
        .where(and(eq(users.id, user.id), eq(users.credentialVersion, user.credentialVersion)));
    });
  }

  // Under the credentials just checked: a reset or change committed since makes this fail.
  const issued = await issueAccessTokenIfCurrent({
    userId: user.id,
    ttl,
    userAgent: options.userAgent,
    sourceAddress: options.sourceAddress,
    browser: options.browser,
    credentialVersion: user.credentialVersion,
  });
  if (!issued) {
    await audit('failure', 'credential_changed');
    return fail(LOGIN_FAILED);
  }
  const { token } = issued;
  await audit('success');
  return ok(wantsUser(options.include) ? { ...token, user: toUserJSON(user) } : token);
}

/**
 * `User.logout(accessTokenId)`: deletes the token the client presents (LoopBack's token `id` is
 * the raw token). False when there was no such token, or it had expired.
 */
export async function logout(rawToken: string, context: RequestContext = {}): Promise<boolean> {
  const revoked = await revokeAccessTokenOf(rawToken);
  if (revoked) await recordEvent({ type: 'logout', outcome: 'success', userId: revoked.userId }, context);
  return revoked !== null;
}
