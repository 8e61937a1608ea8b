import { describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';

// Low limits, so the test reaches them; lib/env reads them when first imported below.
process.env.MAX_SESSIONS_PER_USER = '3';
process.env.SESSION_IDLE_TIMEOUT = '300';

// The browser's cookie jar, as Next hands it to lib/session.ts; the seal and the database are real.
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => (value === '' ? jar.delete(name) : jar.set(name, value)),
  }),
}));

const { login } = await import('@/lib/auth');
const { sha256 } = await import('@/lib/auth/random');
const { accessTokens, getDb } = await import('@/lib/db');
const { getCurrentSession, startSession } = await import('@/lib/cookies/session');
const { signUp, tokenRow, expectAuthorizationRequired } = await import('@/test/accounts');
const { call } = await import('@/test/http');
const getUser = (await import('@/app/api/users/[id]/route')).GET;

const me = (token: string) => call(getUser, 'GET', '/api/users/me', { token, params: { id: 'me' } });

async function logIn(email: string, options: { browser?: boolean } = {}) {
  const result = await login({ email, password: 'session-password-1' }, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Pretends the token was last used `seconds` ago. */
async function lastUsed(raw: string, seconds: number) {
  const db = await getDb();
  await db
    .update(accessTokens)
    .set({ lastUsedAt: new Date(Date.now() - seconds * 1000) })
    .where(eq(accessTokens.id, sha256(raw)));
}

describe('sessions per user', () => {
  it('are capped: a login beyond MAX_SESSIONS_PER_USER ends the least recently used, and is never refused', async () => {
    await signUp('capped@example.com', { password: 'session-password-1' });
    const [a, b, c] = [await logIn('capped@example.com'), await logIn('capped@example.com'), await logIn('capped@example.com')];
    await lastUsed(a.id, 60);
    await lastUsed(b.id, 3600);
    await lastUsed(c.id, 1800);

    const d = await logIn('capped@example.com');
    expectAuthorizationRequired(await me(b.id));
    expect(await tokenRow(b.id)).toBeUndefined();
    for (const token of [a, c, d]) expect((await me(token.id)).status).toBe(200);

    // A new session counts as used when issued; the next login ends the least recent of the rest.
    await lastUsed(a.id, 120);
    await lastUsed(c.id, 10);
    await lastUsed(d.id, 90);
    const e = await logIn('capped@example.com', { browser: true });
    expectAuthorizationRequired(await me(a.id));
    for (const token of [c, d, e]) expect((await me(token.id)).status).toBe(200);
  });
});

describe('an idle browser session', () => {
  it('ends after SESSION_IDLE_TIMEOUT unused, in the browser and through REST; a REST token keeps its ttl', async () => {
    await signUp('idle@example.com', { password: 'session-password-1' });
    const browser = await logIn('idle@example.com', { browser: true });
    const rest = await logIn('idle@example.com');
    await startSession(browser);
    expect((await getCurrentSession())?.rawToken).toBe(browser.id);

    // Used four minutes ago: still within the timeout.
    await lastUsed(browser.id, 240);
    expect((await getCurrentSession())?.user.email).toBe('idle@example.com');

    await lastUsed(browser.id, 301);
    await lastUsed(rest.id, 301);
    expect(await getCurrentSession()).toBeNull();
    expect(await tokenRow(browser.id)).toBeUndefined();
    expectAuthorizationRequired(await me(browser.id));
    expect((await me(rest.id)).status).toBe(200);
  });

  it('ends through REST too, when its token is presented there', async () => {
    await signUp('idle-rest@example.com', { password: 'session-password-1' });
    const browser = await logIn('idle-rest@example.com', { browser: true });
    await lastUsed(browser.id, 299);
    expect((await me(browser.id)).status).toBe(200);
    await lastUsed(browser.id, 301);
    const answer = await me(browser.id);
    expect(answer.status).toBe(401);
  });
});
