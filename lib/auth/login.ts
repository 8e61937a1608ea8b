import { and, eq, type SQL } from 'drizzle-orm';
import { getDb, users, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { issueAccessToken, revokeAccessTokenOf, type IssuedToken } from './access-tokens';
import { deferTask, recordEvent, type RequestContext } from './audit';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { realmsPartitionUsers, resolveRealm, splitPrincipal } from './realms';
import { fail, failure, ok, type Result } from './result';
import { beginAttempt, consume, forgive, peek, throttleKeys, tooManyRequests } from './throttle';
import { normalizeEmail, toUserJSON, type UserJSON } from './users';

export interface LoginOptions extends RequestContext {
  /** `'user'` adds the user to the answer, as LoopBack's `?include=user`. */
  include?: string | string[];
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
    conditions.push(eq(users.realm, principal.realm));
    if (realmsPartitionUsers()) conditions.push(eq(users.uniqueScope, principal.realm));
  }
  const [user] = await db.select().from(users).where(and(...conditions)).limit(1);
  return user;
}

/** The throttling key of an account: the same for known and unknown ones, so it reveals nothing. */
function accountKey(principal: Principal): string {
  return throttleKeys.loginAccount(`${principal.realm ?? ''}/${principal.field}/${principal.value}`);
}

/**
 * `User.login(credentials, include)`: email or username plus password. Unknown user and wrong
 * password give the same answer after the same bcrypt work; repeated failures are throttled per
 * account (known or not) and per source address.
 */
export async function login(credentials: Record<string, unknown>, options: LoginOptions = {}): Promise<Result<LoginSuccess>> {
  const principal = readPrincipal(credentials);
  if (!principal.ok) return principal;
  const ttl = resolveTtl(credentials.ttl);
  if (!ttl.ok) return ttl;
  const identifier = principal.value.value;
  const audit = (outcome: 'success' | 'failure', reason?: string, userId?: number) =>
    recordEvent({ type: reason === 'throttled' ? 'throttled' : 'login', outcome, reason, userId, identifier }, options);

  const sourceKey = throttleKeys.loginSource(options.sourceAddress ?? 'unknown');
  const source = await peek(sourceKey, env.LOGIN_SOURCE_LIMIT, env.LOGIN_SOURCE_WINDOW);
  const verdict = source.allowed ? await beginAttempt(accountKey(principal.value)) : source;
  // The lookup runs for throttled attempts too (the same work for known and unknown accounts), so
  // the owner sees them among their own events.
  const user = await findAccount(principal.value);
  if (!verdict.allowed) {
    await audit('failure', 'throttled', user?.id);
    return fail(tooManyRequests(verdict.retryAfter));
  }

  const matches = await verifyPassword(credentials.password, user?.passwordHash ?? null);
  if (!user || !matches) {
    await consume(sourceKey, env.LOGIN_SOURCE_LIMIT, env.LOGIN_SOURCE_WINDOW);
    await audit('failure', user ? 'wrong_password' : 'unknown_account', user?.id);
    return fail(LOGIN_FAILED);
  }
  await forgive(accountKey(principal.value));

  if (env.EMAIL_VERIFICATION_REQUIRED && !user.emailVerified) {
    await audit('failure', 'email_not_verified', user.id);
    return fail({
      ...failure(401, 'login failed as the email has not been verified', 'LOGIN_FAILED_EMAIL_NOT_VERIFIED'),
      userId: user.id,
    });
  }
  if (needsRehash(user.passwordHash) && typeof credentials.password === 'string') {
    const password = credentials.password;
    deferTask(options, async () => {
      const db = await getDb();
      await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, user.id));
    });
  }

  const { token } = await issueAccessToken({ userId: user.id, ttl: ttl.value, userAgent: options.userAgent, sourceAddress: options.sourceAddress });
  await audit('success', undefined, user.id);
  return ok(wantsUser(options.include) ? { ...token, user: toUserJSON(user) } : token);
}

/** `User.logout(tokenId)`: deletes that one token. False when there was no such token, or it had expired. */
export async function logout(tokenId: string, context: RequestContext = {}): Promise<boolean> {
  const revoked = await revokeAccessTokenOf(tokenId);
  if (revoked) await recordEvent({ type: 'logout', outcome: 'success', userId: revoked.userId }, context);
  return revoked !== null;
}
