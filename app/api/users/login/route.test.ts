import { describe, expect, it } from 'vitest';
import { DELETE, GET, PATCH, POST, PUT } from './route';
import { GET as getUser } from '../[id]/route';
import { call } from '@/test/http';
import { ageToken, expectAuthorizationRequired, expectError, HUGE_JSON, loginAs, signUp, tokenCount, tokenRow } from '@/test/accounts';

const login = (body: unknown, query = '', headers: Record<string, string> = {}) => call(POST, 'POST', `/api/users/login${query}`, { body, headers });

/** Runs a login that must fail and checks that no token was issued. */
async function refused(request: () => ReturnType<typeof call>) {
  const before = await tokenCount();
  const answer = await request();
  expect(await tokenCount()).toBe(before);
  return answer;
}

describe('POST /api/users/login', () => {
  it('answers with a token, in LoopBack key order, marked no-store', async () => {
    const user = await signUp('login-ok@example.com');
    const answer = await login({ email: 'login-ok@example.com', password: 'velvet9heron' });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(['id', 'ttl', 'created', 'userId']);
    expect(answer.json).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9]{64}$/), ttl: 1209600, created: expect.any(String), userId: user.id });
    expect(new Date(answer.json.created).toISOString()).toBe(answer.json.created);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.text).not.toMatch(/velvet9heron|password/);
    const me = await call(getUser, 'GET', '/api/users/me', { token: answer.json.id, params: { id: 'me' } });
    expect(me.status).toBe(200);
  });

  it('keeps the user agent with the token', async () => {
    await signUp('login-ua@example.com');
    const answer = await login({ email: 'login-ua@example.com', password: 'velvet9heron' }, '', { 'user-agent': 'TestClient/1.0' });
    expect((await tokenRow(answer.json.id))?.userAgent).toBe('TestClient/1.0');
  });

  it('adds the user with ?include=user, in any case, repeated, or as a JSON array', async () => {
    const user = await signUp('login-inc@example.com', { username: 'inc' });
    for (const query of ['?include=user', '?include=USER', '?include=other&include=user', `?include=${encodeURIComponent('["user"]')}`]) {
      const answer = await login({ email: 'login-inc@example.com', password: 'velvet9heron' }, query);
      expect(answer.status, query).toBe(200);
      expect(Object.keys(answer.json), query).toEqual(['id', 'ttl', 'created', 'userId', 'user']);
      expect(answer.json.user).toEqual({ email: 'login-inc@example.com', username: 'inc', emailVerified: false, id: user.id });
      expect(answer.text).not.toMatch(/password|\$2[aby]\$/);
    }
    const without = await login({ email: 'login-inc@example.com', password: 'velvet9heron' }, '?include=users');
    expect(without.json.user).toBeUndefined();
  });

  it('accepts a urlencoded form, with ttl as a numeric string', async () => {
    await signUp('login-form@example.com');
    const answer = await call(POST, 'POST', '/api/users/login', {
      raw: 'email=login-form%40example.com&password=velvet9heron&ttl=120',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(200);
    expect(answer.json.ttl).toBe(120);
  });

  it('logs in by username; the email wins when both are given', async () => {
    await signUp('login-un@example.com', { username: 'loginun' });
    expect((await login({ username: 'loginun', password: 'velvet9heron' })).status).toBe(200);
    expectError(await login({ email: 'nobody@example.com', username: 'loginun', password: 'velvet9heron' }), 401, 'login failed', 'LOGIN_FAILED');
  });

  it('matches emails case-insensitively and compares passwords exactly', async () => {
    await signUp('login-case@example.com');
    expect((await login({ email: ' Login-CASE@Example.COM', password: 'velvet9heron' })).status).toBe(200);
    expectError(await refused(() => login({ email: 'login-case@example.com', password: 'VELVET9HERON' })), 401, 'login failed', 'LOGIN_FAILED');
    expectError(await refused(() => login({ email: 'login-case@example.com', password: 'velvet9heron ' })), 401, 'login failed', 'LOGIN_FAILED');
  });

  it('gives one LOGIN_FAILED answer for an unknown user, a wrong password and a missing or mistyped password', async () => {
    await signUp('login-fail@example.com');
    const bodies = [
      { email: 'unknown@example.com', password: 'velvet9heron' },
      { email: 'login-fail@example.com', password: 'wrong-password' },
      { email: 'login-fail@example.com' },
      { email: 'login-fail@example.com', password: '' },
      { email: 'login-fail@example.com', password: 12345678 },
      { email: 'login-fail@example.com', password: { $ne: null } },
      { email: 'login-fail@example.com', password: 'x'.repeat(100) },
      { username: 'nobody', password: 'velvet9heron' },
    ];
    const texts = new Set<string>();
    for (const body of bodies) {
      const answer = await refused(() => login(body));
      expectError(answer, 401, 'login failed', 'LOGIN_FAILED');
      texts.add(answer.text);
    }
    expect(texts.size).toBe(1);
  });

  it('needs an email or a username', async () => {
    for (const body of [{}, { password: 'velvet9heron' }, { email: '', password: 'x' }, { email: null, username: null, password: 'x' }]) {
      expectError(await refused(() => login(body)), 400, 'username or email is required', 'USERNAME_EMAIL_REQUIRED');
    }
    expectError(await refused(() => call(POST, 'POST', '/api/users/login')), 400, 'username or email is required', 'USERNAME_EMAIL_REQUIRED');
  });

  it('refuses an email, username or realm that is not a string', async () => {
    expectError(await refused(() => login({ email: 5, password: 'x' })), 400, 'Invalid email', 'INVALID_EMAIL');
    expectError(await refused(() => login({ email: ['a@b.com'], password: 'x' })), 400, 'Invalid email', 'INVALID_EMAIL');
    expectError(await refused(() => login({ username: true, password: 'x' })), 400, 'Invalid username', 'INVALID_USERNAME');
    expectError(await refused(() => login({ email: 'a@b.com', realm: 7, password: 'x' })), 400, 'Invalid realm', 'INVALID_REALM');
  });

  it('refuses operator and SQL injection without issuing a token', async () => {
    await signUp('victim-login@example.com');
    expectError(await refused(() => login({ email: { $ne: null }, password: 'velvet9heron' })), 400, 'Invalid email', 'INVALID_EMAIL');
    expectError(await refused(() => login({ email: { $gt: '' }, password: { $ne: null } })), 400, 'Invalid email', 'INVALID_EMAIL');
    expectError(await refused(() => login({ username: { $regex: '.*' }, password: 'velvet9heron' })), 400, 'Invalid username', 'INVALID_USERNAME');
    for (const email of ["' or 1=1 --", "victim-login@example.com' --", "' OR '1'='1"]) {
      expectError(await refused(() => login({ email, password: "' or '1'='1" })), 401, 'login failed', 'LOGIN_FAILED');
    }
    const form = await refused(() =>
      call(POST, 'POST', '/api/users/login', { raw: 'email[$ne]=x&password[$ne]=x', contentType: 'application/x-www-form-urlencoded' }),
    );
    expectError(form, 400, 'username or email is required', 'USERNAME_EMAIL_REQUIRED');
  });

  it('applies the ttl rules', async () => {
    await signUp('login-ttl@example.com');
    const ttl = async (value: unknown) => {
      const answer = await login({ email: 'login-ttl@example.com', password: 'velvet9heron', ttl: value });
      return answer.status === 200 ? answer.json.ttl : answer;
    };
    expect(await ttl(undefined)).toBe(1209600);
    expect(await ttl(0)).toBe(1209600);
    expect(await ttl(60)).toBe(60);
    expect(await ttl('120')).toBe(120);
    expect(await ttl(90.7)).toBe(90);
    expect(await ttl(10 ** 9)).toBe(2592000);
    for (const bad of [-1, -5, 'abc', {}, [60], true, '1e3', Number.MAX_VALUE * -1]) {
      const answer = await refused(async () => ttl(bad));
      expectError(answer, 400, /ttl/i, 'INVALID_TTL');
    }
  });

  it('refuses a non-object body with 400 "Value is not an object."', async () => {
    for (const raw of ['[]', '["a@b.com","velvet9heron"]', '"velvet9heron"', 'null']) {
      expectError(await refused(() => call(POST, 'POST', '/api/users/login', { raw })), 400, 'Value is not an object.');
    }
  });

  it('refuses malformed JSON with 400 without echoing the password', async () => {
    const answer = await refused(() => call(POST, 'POST', '/api/users/login', { raw: '{"email":"a@b.com","password":"hunter2secret",}' }));
    expectError(answer, 400, /JSON/, undefined, 'SyntaxError');
    expect(answer.text).not.toContain('hunter2secret');
  });

  it('refuses a 200 kB body with 413', async () => {
    expectError(
      await refused(() => call(POST, 'POST', '/api/users/login', { raw: HUGE_JSON })),
      413,
      'request entity too large',
      undefined,
      'PayloadTooLargeError',
    );
  });

  it('ignores a stale, unknown or expired token sent along', async () => {
    await signUp('login-stale@example.com');
    const old = await loginAs('login-stale@example.com', { ttl: 60 });
    await ageToken(old, 120);
    for (const headers of [{ authorization: old }, { 'x-access-token': 'unknown' }] as Record<string, string>[]) {
      expect((await login({ email: 'login-stale@example.com', password: 'velvet9heron' }, '', headers)).status).toBe(200);
    }
    expect((await login({ email: 'login-stale@example.com', password: 'velvet9heron' }, `?access_token=${old}`)).status).toBe(200);
  });

  it('stores only the hash of the token it hands out', async () => {
    await signUp('login-hash@example.com');
    const answer = await login({ email: 'login-hash@example.com', password: 'velvet9heron' });
    const row = await tokenRow(answer.json.id);
    expect(row?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.id).not.toBe(answer.json.id);
    expect(JSON.stringify(row)).not.toContain(answer.json.id);
  });
});

describe('other verbs on /api/users/login', () => {
  it('are 401 AUTHORIZATION_REQUIRED in JSON and issue nothing', async () => {
    await signUp('login-verbs@example.com');
    const body = { email: 'login-verbs@example.com', password: 'velvet9heron' };
    for (const [handler, method] of [
      [GET, 'GET'],
      [PUT, 'PUT'],
      [PATCH, 'PATCH'],
      [DELETE, 'DELETE'],
    ] as const) {
      expectAuthorizationRequired(await refused(() => call(handler, method, '/api/users/login', method === 'GET' ? {} : { body })));
    }
  });
});
