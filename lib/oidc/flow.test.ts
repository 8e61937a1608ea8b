import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeGithub } from '@/test/fake-github';
import { signInAtProvider, startTestProvider } from '@/test/oidc-provider';
import { TestBrowser, type Doors } from '@/test/provider-flow';

// The providers must be configured before anything reads the settings, so the app is imported below.
const redirectUris = ['test', 'wrongsecret', 'mismatch'].map((id) => `http://latchkey.test/auth/${id}/callback`);
const op = await startTestProvider({ redirectUris });
const github = await startFakeGithub();
// Answers discovery with garbage.
const garbage = createServer((_req, res) => res.end('<html>not json</html>'));
await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
const garbageUrl = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
// A port nothing listens on.
const closed = createServer();
await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
const downUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
await new Promise<void>((resolve) => closed.close(() => resolve()));

Object.assign(process.env, {
  OIDC_PROVIDERS: 'test,wrongsecret,mismatch,down,garbage',
  OIDC_TEST_ISSUER: op.issuer,
  OIDC_TEST_CLIENT_ID: op.clientId,
  OIDC_TEST_CLIENT_SECRET: op.clientSecret,
  OIDC_TEST_NAME: 'Test ID',
  OIDC_WRONGSECRET_ISSUER: op.issuer,
  OIDC_WRONGSECRET_CLIENT_ID: op.clientId,
  OIDC_WRONGSECRET_CLIENT_SECRET: 'not-the-secret',
  // The provider calls itself 127.0.0.1: discovery under another name must be refused.
  OIDC_MISMATCH_ISSUER: op.issuer.replace('127.0.0.1', 'localhost'),
  OIDC_MISMATCH_CLIENT_ID: op.clientId,
  OIDC_MISMATCH_CLIENT_SECRET: op.clientSecret,
  OIDC_DOWN_ISSUER: downUrl,
  OIDC_DOWN_CLIENT_ID: 'x',
  OIDC_DOWN_CLIENT_SECRET: 'x',
  OIDC_GARBAGE_ISSUER: garbageUrl,
  OIDC_GARBAGE_CLIENT_ID: 'x',
  OIDC_GARBAGE_CLIENT_SECRET: 'x',
  GITHUB_CLIENT_ID: github.clientId,
  GITHUB_CLIENT_SECRET: github.clientSecret,
  GITHUB_BASE_URL: github.baseUrl,
});

const doors: Doors = {
  start: (await import('@/app/auth/[provider]/route')).GET,
  callback: (await import('@/app/auth/[provider]/callback/route')).GET,
  link: (await import('@/app/link/[provider]/route')).GET,
};
const { getDb, identities, users, authEvents } = await import('@/lib/db');
const { createUser, hasPassword, login, validateAccessToken } = await import('@/lib/auth');
const { PROVIDER_FLOW_COOKIE, providerFlowCookie, readProviderFlow } = await import('@/lib/cookies/provider-flow');
const { SESSION_COOKIE, sessionFromCookie } = await import('@/lib/cookies/session');
const { eq, and, desc } = await import('drizzle-orm');

afterAll(async () => {
  await op.close();
  await github.close();
  await new Promise<void>((resolve) => garbage.close(() => resolve()));
});

let n = 0;
/** A fresh account at the provider. */
const person = (verified = true, email?: string) => {
  n += 1;
  return { sub: `person-${n}-${Date.now()}`, email: email ?? `person-${n}-${Date.now()}@example.com`, email_verified: verified, name: `Person ${n}` };
};

async function signedInUser(browser: TestBrowser) {
  const session = await sessionFromCookie(browser.cookie(SESSION_COOKIE));
  return session?.user ?? null;
}

async function lastProviderEvent() {
  const db = await getDb();
  const [row] = await db.select().from(authEvents).orderBy(desc(authEvents.id)).limit(1);
  return row;
}

function expectFailurePage(step: { status: number; location: URL | null }, key: string, path = '/login') {
  expect(step.status).toBe(303);
  expect(step.location?.origin).toBe('http://latchkey.test');
  expect(step.location?.pathname).toBe(path);
  expect(step.location?.searchParams.get('error')).toBe(key);
}

describe('GET /auth/<id>', () => {
  it('sends the browser to the provider with PKCE S256, state and nonce, and keeps them sealed in a short-lived cookie', async () => {
    const browser = new TestBrowser(doors);
    const step = await browser.begin('test', { next: '/account?tab=x' });
    expect(step.status).toBe(303);
    const url = step.location!;
    expect(url.origin).toBe(op.issuer);
    expect(url.searchParams.get('redirect_uri')).toBe('http://latchkey.test/auth/test/callback');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    const cookie = step.response.headers.getSetCookie().find((c) => c.startsWith(`${PROVIDER_FLOW_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).toMatch(/Max-Age=600/i);
    const flow = await readProviderFlow(browser.cookie(PROVIDER_FLOW_COOKIE));
    expect(flow).toMatchObject({
      provider: 'test',
      state: url.searchParams.get('state'),
      nonce: url.searchParams.get('nonce'),
      next: '/account?tab=x',
      intent: 'login',
    });
    // The verifier never leaves the cookie, and the cookie holds nothing readable.
    expect(url.href).not.toContain(flow!.codeVerifier);
    expect(browser.cookie(PROVIDER_FLOW_COOKIE)).not.toContain(flow!.state);
  });

  it('builds the redirect URI from APP_URL, whatever Host the request names', async () => {
    const response = await doors.start(new Request('http://evil.example/auth/test', { headers: { host: 'evil.example' } }), {
      params: Promise.resolve({ provider: 'test' }),
    });
    expect(new URL(response.headers.get('location')!).searchParams.get('redirect_uri')).toBe('http://latchkey.test/auth/test/callback');
  });

  it('drops a next that leaves the site', async () => {
    const browser = new TestBrowser(doors);
    await browser.begin('test', { next: '//evil.example/x' });
    expect((await readProviderFlow(browser.cookie(PROVIDER_FLOW_COOKIE)))?.next).toBeNull();
  });

  it('ends on the login page for an unknown provider, a provider that is down, one that answers garbage, and one that calls itself by another name', async () => {
    const browser = new TestBrowser(doors);
    expectFailurePage(await browser.begin('nope'), 'unknown-provider');
    expectFailurePage(await browser.begin('down'), 'provider-unavailable');
    expectFailurePage(await browser.begin('garbage'), 'provider-unavailable');
    expectFailurePage(await browser.begin('mismatch'), 'invalid-response');
    expect(browser.cookie(PROVIDER_FLOW_COOKIE)).toBeUndefined();
  });
});

describe('GET /auth/<id>/callback: the linking rules', () => {
  it('makes a verified, password-less account on the first sign-in and signs in to the same one the second time', async () => {
    const who = person();
    const browser = new TestBrowser(doors);
    const first = await browser.signIn('test', who, { next: '/account?from=test' });
    expect(first.status).toBe(303);
    expect(first.location?.href).toBe('http://latchkey.test/account?from=test');
    const user = await signedInUser(browser);
    expect(user).toMatchObject({ email: who.email, emailVerified: true, passwordHash: null });
    expect(hasPassword(user!)).toBe(false);
    expect(browser.cookie(PROVIDER_FLOW_COOKIE)).toBeUndefined();
    const session = first.response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/HttpOnly/i);

    const db = await getDb();
    const rows = await db.select().from(identities).where(eq(identities.userId, user!.id));
    expect(rows).toMatchObject([
      { provider: 'test', authScheme: 'openid connect', subject: who.sub, email: who.email, emailVerified: true, displayName: who.name },
    ]);

    const again = new TestBrowser(doors);
    await again.signIn('test', who);
    expect((await signedInUser(again))?.id).toBe(user!.id);
    expect(await db.select().from(users).where(eq(users.email, who.email))).toHaveLength(1);
  });

  it('links a verified provider address to an account whose address is verified, and signs in to it', async () => {
    const who = person();
    const created = await createUser({ email: who.email, password: 'velvet9heron-long' });
    const db = await getDb();
    await db
      .update(users)
      .set({ emailVerified: true })
      .where(eq(users.id, created.ok ? created.value.id : 0));
    const browser = new TestBrowser(doors);
    await browser.signIn('test', who);
    expect((await signedInUser(browser))?.id).toBe(created.ok && created.value.id);
  });

  it('never opens an account whose address is not verified: a provider cannot take over a pre-registered account', async () => {
    const who = person(true);
    // Someone registered the address first (never confirmed it): the provider's verified claim must not open it.
    const squatter = await createUser({ email: who.email, password: 'velvet9heron-long' });
    expect(squatter.ok).toBe(true);
    const browser = new TestBrowser(doors);
    expectFailurePage(await browser.signIn('test', who), 'account-exists');
    expect(await signedInUser(browser)).toBeNull();
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    const db = await getDb();
    expect(await db.select().from(identities).where(eq(identities.subject, who.sub))).toHaveLength(0);
    expect(await lastProviderEvent()).toMatchObject({ type: 'provider_login', outcome: 'failure', reason: 'account_exists' });
  });

  it('never lets an unverified address claim open someone else’s (verified) account', async () => {
    const victim = person();
    const created = await createUser({ email: victim.email, password: 'velvet9heron-long' });
    const db = await getDb();
    await db
      .update(users)
      .set({ emailVerified: true })
      .where(eq(users.id, created.ok ? created.value.id : 0));
    const attacker = { ...person(false), email: victim.email };
    const browser = new TestBrowser(doors);
    expectFailurePage(await browser.signIn('test', attacker), 'account-exists');
    expect(await signedInUser(browser)).toBeNull();
    expect(await db.select().from(identities).where(eq(identities.subject, attacker.sub))).toHaveLength(0);
    // Differently cased, still the same address, still refused.
    const shouting = { ...person(false), email: victim.email.toUpperCase() };
    expectFailurePage(await new TestBrowser(doors).signIn('test', shouting), 'account-exists');
  });

  it('makes no account from an unverified address or from no address at all', async () => {
    const unverified = person(false);
    expectFailurePage(await new TestBrowser(doors).signIn('test', unverified), 'no-verified-email');
    const noEmail = { sub: `no-email-${Date.now()}`, email_verified: false };
    expectFailurePage(await new TestBrowser(doors).signIn('test', noEmail), 'no-verified-email');
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, unverified.email))).toHaveLength(0);
    expect(await lastProviderEvent()).toMatchObject({ type: 'provider_login', outcome: 'failure', reason: 'no_verified_email' });
  });

  it('a password-less account refuses any password like a wrong one, until "forgot password" sets one', async () => {
    const who = person();
    await new TestBrowser(doors).signIn('test', who);
    const wrong = await login({ email: who.email, password: '' });
    expect(wrong.ok).toBe(false);
    const guess = await login({ email: who.email, password: 'anything-at-all' });
    expect(!guess.ok && guess.error.code).toBe('LOGIN_FAILED');
  });
});

describe('GET /auth/<id>/callback: failures are pages, audited, with no session', () => {
  it('"Cancel" at the provider', async () => {
    const browser = new TestBrowser(doors);
    const step = await browser.signIn('test', 'cancel');
    expectFailurePage(step, 'cancelled');
    expect(step.location?.searchParams.get('provider')).toBe('test');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(browser.cookie(PROVIDER_FLOW_COOKIE)).toBeUndefined();
    expect(await lastProviderEvent()).toMatchObject({ type: 'provider_login', outcome: 'failure', reason: 'cancelled' });
  });

  it('a forged or stale state, a callback without the cookie (another browser), and a replayed callback', async () => {
    const browser = new TestBrowser(doors);
    const started = await browser.begin('test');
    const back = await signInAtProvider(started.location!, person());
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state');
    // Another browser (no flow cookie) brings the victim's callback: nothing happens.
    expectFailurePage(await new TestBrowser(doors).back('test', back), 'state');
    expectFailurePage(await browser.back('test', forged), 'state');
    // The forged attempt used up the cookie; the real URL is now a replay.
    expectFailurePage(await browser.back('test', back), 'state');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await lastProviderEvent()).toMatchObject({ type: 'provider_login', reason: 'state_mismatch' });

    // A successful callback replayed with a fresh flow cookie of the same browser: the code is spent.
    const second = new TestBrowser(doors);
    const ok = await second.begin('test');
    const url = await signInAtProvider(ok.location!, person());
    const flowValue = second.cookie(PROVIDER_FLOW_COOKIE)!;
    expect((await second.back('test', url)).location?.pathname).toBe('/account');
    const thief = new TestBrowser(doors);
    thief.jar.take(new Response(null, { headers: { 'set-cookie': `${PROVIDER_FLOW_COOKIE}=${flowValue}; Path=/` } }));
    expectFailurePage(await thief.back('test', url), 'provider-error');
    expect(thief.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('the nonce and the PKCE verifier are checked', async () => {
    for (const tamper of ['nonce', 'codeVerifier'] as const) {
      const browser = new TestBrowser(doors);
      const started = await browser.begin('test');
      const flow = (await readProviderFlow(browser.cookie(PROVIDER_FLOW_COOKIE)))!;
      const back = await signInAtProvider(started.location!, person());
      const altered = await providerFlowCookie({ ...flow, [tamper]: tamper === 'nonce' ? 'another-nonce' : 'x'.repeat(43) });
      browser.jar.take(new Response(null, { headers: { 'set-cookie': `${altered.name}=${altered.value}; Path=/` } }));
      const step = await browser.back('test', back);
      expectFailurePage(step, tamper === 'nonce' ? 'invalid-response' : 'provider-error');
      expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    }
  });

  it('a wrong client secret', async () => {
    const browser = new TestBrowser(doors);
    expectFailurePage(await browser.signIn('wrongsecret', person()), 'provider-error');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await lastProviderEvent()).toMatchObject({ type: 'provider_login', reason: 'provider_error' });
  });

  it('a provider error other than cancel', async () => {
    const browser = new TestBrowser(doors);
    const started = await browser.begin('test');
    const back = new URL('http://latchkey.test/auth/test/callback');
    back.searchParams.set('error', 'server_error');
    back.searchParams.set('state', started.location!.searchParams.get('state')!);
    back.searchParams.set('iss', op.issuer);
    expectFailurePage(await browser.back('test', back), 'provider-error');
  });

  it('throttles failed callbacks per source', async () => {
    const { env } = await import('@/lib/env');
    const limit = env.LOGIN_SOURCE_LIMIT * env.THROTTLE_MULTIPLIER;
    const { rateLimits } = await import('@/lib/db');
    const { sql } = await import('drizzle-orm');
    const peer = '198.51.100.99';
    // The allowance used up but one, as that many forged callbacks would leave it.
    const db = await getDb();
    await db.insert(rateLimits).values({ key: `provider-callback:${peer}`, hits: limit - 1, windowStartedAt: sql`now()` });
    const browser = new TestBrowser(doors, peer);
    expectFailurePage(await browser.back('test', new URL('http://latchkey.test/auth/test/callback?state=x&code=y')), 'state');
    const blocked = await browser.signIn('test', person());
    expectFailurePage(blocked, 'throttled');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await lastProviderEvent()).toMatchObject({ type: 'throttled', reason: 'provider_callback' });
    // Another source is not held back.
    expect((await new TestBrowser(doors, '198.51.100.100').signIn('test', person())).location?.pathname).toBe('/account');
  });
});

describe('GET /link/<id>', () => {
  it('needs a session, links the provider to the signed-in account, and refuses an identity another account holds', async () => {
    const signedOut = new TestBrowser(doors);
    const step = await signedOut.begin('test', { link: true });
    expect(step.location?.pathname).toBe('/login');
    expect(step.location?.searchParams.get('next')).toBe('/link/test');

    const owner = person();
    const browser = new TestBrowser(doors);
    await browser.signIn('test', owner);
    const user = (await signedInUser(browser))!;
    // A second provider account with any address at all may be linked by its owner.
    const other = person(false);
    const linked = await browser.signIn('test', other, { link: true });
    expect(linked.location?.pathname).toBe('/account');
    expect(linked.location?.searchParams.get('linked')).toBe('test');
    const db = await getDb();
    expect((await db.select().from(identities).where(eq(identities.userId, user.id))).map((r) => r.subject).sort()).toEqual(
      [owner.sub, other.sub].sort(),
    );
    // Still the same session.
    expect((await signedInUser(browser))?.id).toBe(user.id);

    // Someone else tries to link the owner's provider account to theirs.
    const intruder = new TestBrowser(doors);
    await intruder.signIn('test', person());
    const refused = await intruder.signIn('test', owner, { link: true });
    expectFailurePage(refused, 'identity-taken', '/account');
    expect(
      await db
        .select()
        .from(identities)
        .where(and(eq(identities.subject, owner.sub), eq(identities.userId, user.id))),
    ).toHaveLength(1);
  });

  it('refuses to finish a link once the session that started it has ended', async () => {
    const browser = new TestBrowser(doors);
    await browser.signIn('test', person());
    const started = await browser.begin('test', { link: true });
    const session = await sessionFromCookie(browser.cookie(SESSION_COOKIE));
    const { logout } = await import('@/lib/auth');
    await logout(session!.rawToken);
    const back = await signInAtProvider(started.location!, person());
    expectFailurePage(await browser.back('test', back), 'state', '/account');
    expect(await validateAccessToken(session!.rawToken)).toMatchObject({ status: 'unknown' });
  });
});

describe('GitHub (OAuth 2.0)', () => {
  it('signs in with the primary verified address from the emails API, by GitHub’s numeric id', async () => {
    const who = { sub: String(100000 + n++), email: `octo-${Date.now()}@example.com`, email_verified: true, name: 'Octo Cat' };
    const browser = new TestBrowser(doors);
    const started = await browser.begin('github');
    expect(started.location?.origin).toBe(github.baseUrl);
    expect(started.location?.pathname).toBe('/login/oauth/authorize');
    expect(started.location?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(started.location?.searchParams.get('scope')).toBe('read:user user:email');
    const step = await browser.back('github', await signInAtProvider(started.location!, who));
    expect(step.location?.pathname).toBe('/account');
    const user = (await signedInUser(browser))!;
    expect(user.email).toBe(who.email);
    const db = await getDb();
    expect(await db.select().from(identities).where(eq(identities.userId, user.id))).toMatchObject([
      { provider: 'github', authScheme: 'oauth2', subject: who.sub, username: who.sub, displayName: 'Octo Cat' },
    ]);
  });

  it('makes no account when GitHub has verified no address, and cancel is a page', async () => {
    expectFailurePage(
      await new TestBrowser(doors).signIn('github', { sub: String(200000 + n++), email: `nov-${Date.now()}@example.com`, email_verified: false }),
      'no-verified-email',
    );
    expectFailurePage(await new TestBrowser(doors).signIn('github', 'cancel'), 'cancelled');
  });
});
