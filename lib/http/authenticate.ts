import 'server-only';
import { AUTHORIZATION_REQUIRED, DEFAULT_SCOPE, INVALID_TOKEN, validateAccessToken, type AuthFailure } from '@/lib/auth';
import type { AccessTokenRow, User } from '@/lib/db';
import { extractAccessToken } from './token';

export type RequestAuth = { kind: 'user'; user: User; token: AccessTokenRow; rawToken: string } | { kind: 'anonymous' } | { kind: 'expired' };

/** Who a REST request speaks for. A token of another scope (a reset token) is anonymous here. */
export async function authenticate(request: Request, scope = DEFAULT_SCOPE): Promise<RequestAuth> {
  const rawToken = extractAccessToken(request);
  if (!rawToken) return { kind: 'anonymous' };
  const check = await validateAccessToken(rawToken, scope);
  if (check.status === 'valid') return { kind: 'user', user: check.user, token: check.token, rawToken };
  return check.status === 'expired' ? { kind: 'expired' } : { kind: 'anonymous' };
}

/** The 401 an endpoint that needs a user gives for anything but a valid token. */
export function authFailure(auth: Exclude<RequestAuth, { kind: 'user' }>): AuthFailure {
  return auth.kind === 'expired' ? INVALID_TOKEN : AUTHORIZATION_REQUIRED;
}

export type OwnerCheck = { ok: true; user: User; token: AccessTokenRow } | { ok: false; error: AuthFailure };

/**
 * `/{id}` endpoints are the owner's alone: `id` must be `me` or the token's own user id. Anyone
 * else, or anonymous, gets LoopBack's 401 (never 403/404, which would confirm that an id exists).
 */
export async function requireOwner(request: Request, id: string): Promise<OwnerCheck> {
  const auth = await authenticate(request);
  if (auth.kind !== 'user') return { ok: false, error: authFailure(auth) };
  const isSelf = id === 'me' || (/^\d{1,10}$/.test(id) && Number(id) === auth.user.id);
  if (!isSelf) return { ok: false, error: AUTHORIZATION_REQUIRED };
  return { ok: true, user: auth.user, token: auth.token };
}
