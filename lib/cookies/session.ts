import 'server-only';
import { getIronSession, sealData, unsealData, type SessionOptions } from 'iron-session';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { logout, validateAccessToken, type IssuedToken, type RequestContext } from '@/lib/auth';
import type { AccessTokenRow, User } from '@/lib/db';
import { env } from '@/lib/env';
import { sessionSecret } from '@/lib/secrets';
import { hostCookieName, hostCookieOptions, type HostCookie } from './host-cookie';

/**
 * The browser session. The sealed cookie holds nothing but the raw access token; every request
 * looks that token up in the database, so a token revoked anywhere (REST logout, "log out
 * everywhere", a password change or reset) ends the browser session on the very next request.
 */

interface SessionData {
  /** The raw token (the field's name is part of every sealed cookie already issued). */
  token?: string;
}

export interface CurrentSession {
  user: User;
  /** The token's row: `token.id` is the token hash that lib/auth uses to tell sessions apart. */
  token: AccessTokenRow;
  /** What the sealed cookie holds. */
  rawToken: string;
}

const production = env.NODE_ENV === 'production';

/**
 * Browsers treat http://localhost as a secure context, so a production build still works there
 * with its `__Host-` cookie (docs/decisions/007-browser-session-cookie.md).
 */
export const SESSION_COOKIE = hostCookieName('latchkey-session');

// A Secure cookie over plain HTTP is dropped by the browser (localhost excepted), and every login
// would silently fail to stick; say so once at start-up rather than leave it to be discovered.
if (production && env.NEXT_PHASE !== 'phase-production-build') {
  const url = new URL(env.APP_URL);
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    console.warn(`[latchkey] APP_URL is ${url.origin}: the session cookie is Secure, so serve the app over HTTPS.`);
  }
}

function options(ttl: number): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: sessionSecret(),
    // The seal expires with the token, and so does the cookie (iron-session would otherwise
    // subtract a minute of clock skew; the database check is the real limit anyway).
    ttl,
    cookieOptions: hostCookieOptions({ maxAge: ttl }),
  };
}

async function openSession(ttl = env.MAX_TTL) {
  const store = await cookies();
  try {
    return await getIronSession<SessionData>(store, options(ttl));
  } catch {
    // A cookie that is no seal of ours (tampered, truncated, garbage) makes iron-session throw on
    // some shapes: the visitor is simply signed out, and a new session can still be written.
    const withoutIt = {
      get: (name: string) => (name === SESSION_COOKIE ? undefined : store.get(name)),
      set: store.set.bind(store),
    } as unknown as typeof store;
    return getIronSession<SessionData>(withoutIt, options(ttl));
  }
}

/**
 * Who this request speaks for, checked against the database; null when signed out, when the
 * token was revoked or has expired. Memoised per render pass, not across requests.
 */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  const session = await openSession();
  const rawToken = session.token;
  if (typeof rawToken !== 'string' || rawToken === '') return null;
  const check = await validateAccessToken(rawToken);
  if (check.status !== 'valid') return null;
  return { user: check.user, token: check.token, rawToken };
});

/** After a successful login: seal the raw token into the cookie for exactly its lifetime. */
export async function startSession(issued: Pick<IssuedToken, 'id' | 'ttl'>): Promise<void> {
  // An eternal token (ttl -1) never comes from the browser's login, but cap it like the rest.
  const ttl = issued.ttl > 0 ? Math.min(issued.ttl, env.MAX_TTL) : env.MAX_TTL;
  const session = await openSession(ttl);
  // An issued token's `id` is the raw token (LoopBack's shape).
  session.token = issued.id;
  await session.save();
}

/** Sign out: revoke the token in the database (so a copied cookie is worthless) and drop the cookie. */
export async function endSession(context: RequestContext = {}): Promise<void> {
  const session = await openSession();
  if (typeof session.token === 'string' && session.token !== '') await logout(session.token, context);
  session.destroy();
}

/** Drops the cookie without touching the database (its token is already gone). */
export async function clearSessionCookie(): Promise<void> {
  const session = await openSession();
  session.destroy();
}

/*
 * For route handlers that read the request and write the response themselves (the provider
 * callback), so they run the same with or without Next's request scope: the same seal as above.
 */

/** The session a `latchkey-session` cookie value speaks for, checked against the database. */
export async function sessionFromCookie(value: string | undefined): Promise<CurrentSession | null> {
  if (!value || value.length > 4096) return null;
  try {
    const data = await unsealData<SessionData>(value, { password: sessionSecret(), ttl: env.MAX_TTL });
    if (typeof data.token !== 'string' || data.token === '') return null;
    const check = await validateAccessToken(data.token);
    return check.status === 'valid' ? { user: check.user, token: check.token, rawToken: data.token } : null;
  } catch {
    return null;
  }
}

/** The session cookie for a token just issued, as `startSession` would write it. */
export async function sessionCookie(token: { id: string; ttl: number }): Promise<HostCookie & { value: string }> {
  const ttl = token.ttl > 0 ? Math.min(token.ttl, env.MAX_TTL) : env.MAX_TTL;
  const value = await sealData({ token: token.id } satisfies SessionData, { password: sessionSecret(), ttl });
  return { name: SESSION_COOKIE, value, options: hostCookieOptions({ maxAge: ttl }) };
}
