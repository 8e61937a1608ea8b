import type { User } from '@/lib/db';
import { env } from '@/lib/env';
import { issueAccessToken, revokeAccessToken, type IssuedToken } from './access-tokens';
import { verifyPassword } from './passwords';
import { fail, failure, ok, type AuthFailure, type Result } from './result';
import { findUserByEmail, findUserByUsername, toUserJSON, type UserJSON } from './users';

export interface LoginOptions {
  /** `'user'` adds the user to the answer, as LoopBack's `?include=user`. */
  include?: string | string[];
  userAgent?: string | null;
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
  return list.some((v) => v.toLowerCase() === 'user');
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Checks the shape of a login request before any lookup; LoopBack's 400s. */
function checkCredentials(c: Record<string, unknown>): AuthFailure | null {
  if (present(c.realm) && typeof c.realm !== 'string') return failure(400, 'Invalid realm', 'INVALID_REALM');
  if (present(c.email) && typeof c.email !== 'string') return failure(400, 'Invalid email', 'INVALID_EMAIL');
  if (present(c.username) && typeof c.username !== 'string') return failure(400, 'Invalid username', 'INVALID_USERNAME');
  if (!present(c.email) && !present(c.username)) {
    return failure(400, 'username or email is required', 'USERNAME_EMAIL_REQUIRED');
  }
  return null;
}

async function findAccount(c: Record<string, unknown>): Promise<User | undefined> {
  // Email wins when both are given, as in LoopBack.
  if (typeof c.email === 'string' && c.email !== '') return findUserByEmail(c.email);
  if (typeof c.username === 'string' && c.username.length <= 256) return findUserByUsername(c.username);
  return undefined;
}

/**
 * `User.login(credentials, include)`: email or username plus password. Unknown user and wrong
 * password give the same answer after the same bcrypt work.
 */
export async function login(credentials: Record<string, unknown>, options: LoginOptions = {}): Promise<Result<LoginSuccess>> {
  const shape = checkCredentials(credentials);
  if (shape) return fail(shape);
  const ttl = resolveTtl(credentials.ttl);
  if (!ttl.ok) return ttl;

  const user = await findAccount(credentials);
  const matches = await verifyPassword(credentials.password, user?.passwordHash ?? null);
  if (!user || !matches) return fail(LOGIN_FAILED);

  const { token } = await issueAccessToken({ userId: user.id, ttl: ttl.value, userAgent: options.userAgent });
  return ok(wantsUser(options.include) ? { ...token, user: toUserJSON(user) } : token);
}

/** `User.logout(tokenId)`: deletes that one token. False when there was no such token, or it had expired. */
export async function logout(tokenId: string): Promise<boolean> {
  return revokeAccessToken(tokenId);
}
