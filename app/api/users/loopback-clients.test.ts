import { afterAll, describe, expect, it } from 'vitest';
import { call } from '@/test/http';
import { linkIn, startSmtpSink, type SmtpSink } from '@/test/smtp-sink';

// The sink must be up, and SMTP_URL set, before anything reads the environment: the reset link
// goes out after the answer, and the test waits for it, so no mail is still on its way when the
// database closes.
const sink: SmtpSink = await startSmtpSink();
process.env.SMTP_URL = sink.url;
afterAll(() => sink.close());

const { account, expectAuthorizationRequired, expectError, loginAs, PASSWORD, signUp, tokenRow } = await import('@/test/accounts');
const { POST: login } = await import('./login/route');
const { POST: logout } = await import('./logout/route');
const { POST: changePassword } = await import('./change-password/route');
const { POST: reset } = await import('./reset/route');
const { GET: getUser } = await import('./[id]/route');
const { GET: listSessions } = await import('./[id]/accessTokens/route');

/**
 * Requests shaped as real LoopBack 3 clients send them, answered as the reference LoopBack 3.28
 * server answers them: `curl -u TOKEN:`, loopback-sdk-angular (lb-ng), the Android and iOS SDKs.
 */

const base64 = (s: string) => Buffer.from(s).toString('base64');
const basic = (token: string) => ({ authorization: `Basic ${base64(`${token}:`)}` });

describe('Authorization: Basic base64(token:) (curl -u TOKEN:)', () => {
  it('reads the user with the token as the user name, or as the longer half', async () => {
    const { user, token } = await account('basic@example.com');
    for (const headers of [basic(token), { authorization: `Basic ${base64(`x:${token}`)}` }]) {
      const me = await call(getUser, 'GET', '/api/users/me', { headers, params: { id: 'me' } });
      expect(me.status).toBe(200);
      expect(me.json).toEqual({ email: 'basic@example.com', emailVerified: false, id: user.id });
    }
  });

  it('is anonymous with a token nobody has, or none in it: 401 AUTHORIZATION_REQUIRED, as LoopBack', async () => {
    const { user } = await account('basic-bad@example.com');
    for (const authorization of [`Basic ${base64('nonsense:')}`, `Basic ${base64(':')}`, 'Basic']) {
      expectAuthorizationRequired(
        await call(getUser, 'GET', `/api/users/${user.id}`, { headers: { authorization }, params: { id: String(user.id) } }),
      );
    }
  });

  it('logs out the token it carries', async () => {
    const { token } = await account('basic-logout@example.com');
    const answer = await call(logout, 'POST', '/api/users/logout', { headers: basic(token) });
    expect(answer.status).toBe(204);
    expect(await tokenRow(token)).toBeUndefined();
  });
});

describe('loopback-sdk-angular (lb-ng)', () => {
  it('logs in with ?include=user&rememberMe=true: the user is included, rememberMe changes nothing', async () => {
    const user = await signUp('lbng@example.com', { username: 'lbng' });
    const answer = await call(login, 'POST', '/api/users/login?include=user&rememberMe=true', {
      body: { email: 'lbng@example.com', password: PASSWORD },
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(['id', 'ttl', 'created', 'userId', 'user']);
    expect(answer.json.ttl).toBe(1209600);
    expect(answer.json.user).toEqual({ email: 'lbng@example.com', username: 'lbng', emailVerified: false, id: user.id });
    const remembered = await call(login, 'POST', '/api/users/login?include=user&rememberMe=false', {
      body: { email: 'lbng@example.com', password: PASSWORD },
    });
    expect(remembered.json.ttl).toBe(1209600);
  });

  it('reads the current user by id (getCurrent), and `__anonymous__` before login is 401', async () => {
    const { user, token } = await account('lbng-current@example.com');
    const current = await call(getUser, 'GET', `/api/users/${user.id}`, { token, params: { id: String(user.id) } });
    expect(current.status).toBe(200);
    expect(current.json.id).toBe(user.id);
    expectAuthorizationRequired(await call(getUser, 'GET', '/api/users/__anonymous__', { params: { id: '__anonymous__' } }));
    expectAuthorizationRequired(await call(getUser, 'GET', '/api/users/__anonymous__', { token, params: { id: '__anonymous__' } }));
  });

  it('sends filter on reads: fields narrow the answer, in JSON or bracket form; the password never appears', async () => {
    const { user, token } = await account('lbng-filter@example.com', { username: 'filtered' });
    const read = (query: string) => call(getUser, 'GET', `/api/users/${user.id}${query}`, { token, params: { id: String(user.id) } });
    const q = (filter: unknown) => `?filter=${encodeURIComponent(JSON.stringify(filter))}`;
    expect((await read(q({ fields: ['email'] }))).json).toEqual({ email: 'lbng-filter@example.com' });
    expect((await read(q({ fields: { email: false } }))).json).toEqual({ username: 'filtered', emailVerified: false, id: user.id });
    expect((await read('?filter[fields][email]=true')).json).toEqual({ email: 'lbng-filter@example.com' });
    expect((await read(q({ fields: { password: true } }))).json).toEqual({});
    expect((await read(q({ where: { id: 0 }, include: 'accessTokens', limit: 1 }))).json).toEqual({
      email: 'lbng-filter@example.com',
      username: 'filtered',
      emailVerified: false,
      id: user.id,
    });
    const sessions = await call(listSessions, 'GET', `/api/users/me/accessTokens${q({ fields: ['id', 'current'] })}`, {
      token,
      params: { id: 'me' },
    });
    expect(sessions.json).toEqual([{ id: expect.any(String), current: true }]);
  });

  it("answers LoopBack's 400 for a filter that is not an object, before it looks at the token", async () => {
    const { user, token } = await account('lbng-badfilter@example.com');
    for (const options of [{ token }, {}]) {
      const answer = await call(getUser, 'GET', `/api/users/${user.id}?filter=${encodeURIComponent('{bad')}`, {
        ...options,
        params: { id: String(user.id) },
      });
      expectError(answer, 400, 'Value is not an object.');
      expect(answer.text).not.toContain('bad');
    }
  });
});

describe('the Android and iOS SDKs', () => {
  it('log in with ?include=user and log out with the raw token in Authorization', async () => {
    await signUp('mobile@example.com');
    const session = await call(login, 'POST', '/api/users/login?include=user', { body: { email: 'mobile@example.com', password: PASSWORD } });
    expect(session.status).toBe(200);
    expect(session.json.user.email).toBe('mobile@example.com');
    const out = await call(logout, 'POST', '/api/users/logout', { token: session.json.id });
    expect(out.status).toBe(204);
    expect(out.text).toBe('');
    expect(await tokenRow(session.json.id)).toBeUndefined();
  });

  it('change the password with a form or JSON body, and ask for a reset link', async () => {
    await signUp('mobile-cp@example.com');
    const token = await loginAs('mobile-cp@example.com');
    const form = await call(changePassword, 'POST', '/api/users/change-password', {
      raw: `oldPassword=${PASSWORD}&newPassword=amber7falcon`,
      contentType: 'application/x-www-form-urlencoded',
      token,
    });
    expect(form.status).toBe(204);
    const json = await call(changePassword, 'POST', '/api/users/change-password', {
      body: { oldPassword: 'amber7falcon', newPassword: 'copper3lantern' },
      token,
    });
    expect(json.status).toBe(204);
    const after = sink.mark();
    const resetAnswer = await call(reset, 'POST', '/api/users/reset', { body: { email: 'mobile-cp@example.com' } });
    expect(resetAnswer.status).toBe(204);
    expect(resetAnswer.text).toBe('');
    const mail = await sink.waitForMail('mobile-cp@example.com', { after, subject: 'Reset your' });
    expect(linkIn(mail, '/reset-password').searchParams.get('access_token')).toMatch(/^[A-Za-z0-9]{64}$/);
  });
});
