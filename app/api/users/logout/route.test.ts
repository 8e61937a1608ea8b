import { describe, expect, it } from 'vitest';
import { DELETE, GET, PATCH, POST, PUT } from './route';
import { GET as getUser } from '../[id]/route';
import { call } from '@/test/http';
import { listUserEvents } from '@/lib/auth';
import { account, ageToken, expectAuthorizationRequired, expectError, HUGE_JSON, loginAs, tokenCount, tokenRow } from '@/test/accounts';

const base64 = (s: string) => Buffer.from(s).toString('base64');
const me = (token: string) => call(getUser, 'GET', '/api/users/me', { token, params: { id: 'me' } });

function expectLogoutRefused(answer: Awaited<ReturnType<typeof call>>) {
  expectError(answer, 401, 'accessToken is required to logout');
}

describe('POST /api/users/logout', () => {
  it('deletes only the presented token and answers 204 with no body', async () => {
    const { user, token } = await account('logout-one@example.com');
    const other = await loginAs('logout-one@example.com');
    const answer = await call(POST, 'POST', '/api/users/logout', { token });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await tokenRow(token)).toBeUndefined();
    expect(await tokenCount(user.id)).toBe(1);
    expectAuthorizationRequired(await me(token));
    expect((await me(other)).status).toBe(200);
    // The owner sees it among their own events.
    const events = await listUserEvents(user.id);
    expect(events.some((e) => e.type === 'logout' && e.outcome === 'success')).toBe(true);
  });

  it('takes the token from every location', async () => {
    const { user } = await account('logout-where@example.com');
    const ways: [string, (t: string) => Parameters<typeof call>[3] & { query?: string }][] = [
      ['query', () => ({})],
      ['x-access-token', (t) => ({ headers: { 'x-access-token': t } })],
      ['raw authorization', (t) => ({ token: t })],
      ['bearer base64', (t) => ({ token: `Bearer ${base64(t)}` })],
      ['bearer raw', (t) => ({ token: `Bearer ${t}` })],
      ['body sid', (t) => ({ body: { sid: t } })],
      ['body access_token', (t) => ({ body: { access_token: t } })],
      ['form sid', (t) => ({ raw: `sid=${t}`, contentType: 'application/x-www-form-urlencoded' })],
    ];
    for (const [name, options] of ways) {
      const token = await loginAs('logout-where@example.com');
      const path = name === 'query' ? `/api/users/logout?access_token=${token}` : '/api/users/logout';
      const answer = await call(POST, 'POST', path, options(token));
      expect(answer.status, name).toBe(204);
      expect(await tokenRow(token), name).toBeUndefined();
    }
    expect(await tokenCount(user.id)).toBe(1);
  });

  it('answers 401 "accessToken is required to logout" (no code) without a token', async () => {
    await account('logout-none@example.com');
    const before = await tokenCount();
    expectLogoutRefused(await call(POST, 'POST', '/api/users/logout'));
    expectLogoutRefused(await call(POST, 'POST', '/api/users/logout', { body: {} }));
    expectLogoutRefused(await call(POST, 'POST', '/api/users/logout', { body: { sid: '' } }));
    expectLogoutRefused(await call(POST, 'POST', '/api/users/logout', { body: { sid: 42 } }));
    expectLogoutRefused(await call(POST, 'POST', '/api/users/logout', { body: { sid: { $ne: null } } }));
    expect(await tokenCount()).toBe(before);
  });

  it('answers the same for an unknown or already revoked token', async () => {
    const { token } = await account('logout-twice@example.com');
    expectLogoutRefused(await call(POST, 'POST', '/api/users/logout', { token: 'x'.repeat(64) }));
    expect((await call(POST, 'POST', '/api/users/logout', { token })).status).toBe(204);
    expectLogoutRefused(await call(POST, 'POST', '/api/users/logout', { token }));
  });

  it('refuses an expired token as LoopBack does, and still removes it', async () => {
    const { user } = await account('logout-expired@example.com');
    const token = await loginAs('logout-expired@example.com', { ttl: 60 });
    await ageToken(token, 61);
    expectLogoutRefused(await call(POST, 'POST', '/api/users/logout', { token }));
    expect(await tokenRow(token)).toBeUndefined();
    expect(await tokenCount(user.id)).toBe(1);
  });

  it('reads the usual locations before the body', async () => {
    const { token } = await account('logout-order@example.com');
    const other = await loginAs('logout-order@example.com');
    expect((await call(POST, 'POST', '/api/users/logout', { token, body: { sid: other } })).status).toBe(204);
    expect(await tokenRow(token)).toBeUndefined();
    expect(await tokenRow(other)).toBeDefined();
  });

  it('refuses bad bodies with their errors and revokes nothing', async () => {
    const { user, token } = await account('logout-body@example.com');
    expectError(await call(POST, 'POST', '/api/users/logout', { raw: '{"sid":' }), 400, /JSON/, undefined, 'SyntaxError');
    expectError(await call(POST, 'POST', '/api/users/logout', { raw: `["${token}"]` }), 400, 'Value is not an object.');
    expectError(
      await call(POST, 'POST', '/api/users/logout', { raw: HUGE_JSON }),
      413,
      'request entity too large',
      undefined,
      'PayloadTooLargeError',
    );
    expect(await tokenCount(user.id)).toBe(1);
  });
});

describe('other verbs on /api/users/logout', () => {
  it('change nothing and answer 401 AUTHORIZATION_REQUIRED, even with a valid token', async () => {
    const { user, token } = await account('logout-verbs@example.com');
    for (const [handler, method] of [
      [GET, 'GET'],
      [PUT, 'PUT'],
      [PATCH, 'PATCH'],
      [DELETE, 'DELETE'],
    ] as const) {
      expectAuthorizationRequired(await call(handler, method, '/api/users/logout', { token }));
    }
    expect(await tokenRow(token)).toBeDefined();
    expect(await tokenCount(user.id)).toBe(1);
  });
});
