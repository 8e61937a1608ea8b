import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, startSmtpSink, type SmtpSink } from '@/test/smtp-sink';
import { call } from '@/test/http';
import { waitForOutboxIdle } from '@/test/outbox';

// The sink must be up, and SMTP_URL set, before anything reads the environment.
const sink: SmtpSink = await startSmtpSink({ failFirst: 1 });
process.env.SMTP_URL = sink.url;
process.env.MAIL_FROM = 'Latchkey <no-reply@latchkey.test>';

const signUp = (await import('../route')).POST;
const login = (await import('../login/route')).POST;
const reset = (await import('./route')).POST;
const resetPassword = (await import('../reset-password/route')).POST;
const changePassword = (await import('../change-password/route')).POST;
const me = (await import('../[id]/route')).GET;
const { on } = await import('@/lib/auth');
const { getDb, accessTokens } = await import('@/lib/db');
const { eq, sql } = await import('drizzle-orm');

afterAll(() => sink.close());

async function newUser(email: string, password = 'first-password') {
  const r = await call(signUp, 'POST', '/api/users', { body: { email, password } });
  expect(r.status).toBe(200);
  return r.json as { id: number };
}

async function loginToken(email: string, password: string): Promise<string | undefined> {
  const r = await call(login, 'POST', '/api/users/login', { body: { email, password } });
  return r.status === 200 ? (r.json.id as string) : undefined;
}

/** Asks for a reset and returns the token from the link in the mail that arrives. */
async function requestReset(email: string, headers: Record<string, string> = {}) {
  const after = sink.mark();
  const r = await call(reset, 'POST', '/api/users/reset', { body: { email }, headers });
  expect(r.status).toBe(204);
  expect(r.text).toBe('');
  const mail = await sink.waitForMail(email, { after, subject: 'Reset your' });
  const link = linkIn(mail, '/reset-password');
  return { mail, link, token: link.searchParams.get('access_token')! };
}

const setPassword = (token: string | undefined, newPassword: unknown) =>
  call(resetPassword, 'POST', '/api/users/reset-password', { body: { newPassword }, ...(token && { token }) });

describe('password reset over the REST API', () => {
  let user: { id: number };
  beforeAll(async () => {
    user = await newUser('reset@example.com');
  });

  it('mails a link built from APP_URL, in HTML and plain text, even when Host headers are forged', async () => {
    const { mail, link, token } = await requestReset('Reset@Example.com', {
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    });
    expect(link.origin).toBe('http://latchkey.test');
    expect(link.pathname).toBe('/reset-password');
    expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(mail.subject).toBe('Reset your Latchkey password');
    expect(mail.from).toBe('no-reply@latchkey.test');
    expect(mail.html).toContain(link.toString().replace(/&/g, '&amp;'));
    expect(mail.text).toContain('15 minutes');
    expect(mail.text).toMatch(/did not ask for this, ignore/);
    expect(mail.html).not.toContain('evil.example');
  });

  it('answers 204 for an unknown address and sends nothing', async () => {
    const before = sink.messages.length;
    const r = await call(reset, 'POST', '/api/users/reset', { body: { email: 'nobody@example.com' } });
    expect(r.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.length).toBe(before);
  });

  it('sets a new password once: the old one fails, the new one works, the link and every session die', async () => {
    const session = await loginToken('reset@example.com', 'first-password');
    expect(session).toBeDefined();
    const { token } = await requestReset('reset@example.com');

    const beforeReset = sink.mark();
    expect((await setPassword(token, 'second-password')).status).toBe(204);
    // The account holder hears of it at the stored address.
    const notice = await sink.waitForMail('reset@example.com', { after: beforeReset, subject: 'password was changed' });
    expect(notice.text).toMatch(/forgot-password/);
    expect(await loginToken('reset@example.com', 'first-password')).toBeUndefined();
    expect(await loginToken('reset@example.com', 'second-password')).toBeDefined();

    const again = await setPassword(token, 'third-password');
    expect(again.status).toBe(401);
    expect(again.json.error.code).toBe('AUTHORIZATION_REQUIRED');
    expect(await loginToken('reset@example.com', 'third-password')).toBeUndefined();

    const old = await call(me, 'GET', '/api/users/me', { token: session, params: { id: 'me' } });
    expect(old.status).toBe(401);
  });

  it('makes an earlier link unusable when a newer one is requested', async () => {
    const first = await requestReset('reset@example.com');
    const second = await requestReset('reset@example.com');
    expect((await setPassword(first.token, 'superseded-1')).status).toBe(401);
    expect((await setPassword(second.token, 'newest-password')).status).toBe(204);
    expect(await loginToken('reset@example.com', 'newest-password')).toBeDefined();
  });

  it('refuses an expired link with INVALID_TOKEN', async () => {
    const { token } = await requestReset('reset@example.com');
    const db = await getDb();
    await db
      .update(accessTokens)
      .set({ createdAt: sql`now() - interval '16 minutes'` })
      .where(eq(accessTokens.userId, user.id));
    const r = await setPassword(token, 'too-late-password');
    expect(r.status).toBe(401);
    expect(r.json.error).toEqual({ statusCode: 401, name: 'Error', message: 'Invalid Access Token', code: 'INVALID_TOKEN' });
    expect(await loginToken('reset@example.com', 'too-late-password')).toBeUndefined();
  });

  it('does not let a login token reset, nor a reset token read /me', async () => {
    const session = await loginToken('reset@example.com', 'newest-password');
    const r = await setPassword(session, 'hijacked-password');
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('AUTHORIZATION_REQUIRED');

    const { token } = await requestReset('reset@example.com');
    const read = await call(me, 'GET', '/api/users/me', { token, params: { id: 'me' } });
    expect(read.status).toBe(401);
    expect(read.json.error.code).toBe('AUTHORIZATION_REQUIRED');
    const viaQuery = await call(me, 'GET', `/api/users/me?access_token=${token}`, { params: { id: 'me' } });
    expect(viaQuery.status).toBe(401);
  });

  it('checks the new password without spending the link', async () => {
    const { token } = await requestReset('reset@example.com');
    const missing = await setPassword(token, undefined);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toEqual({ statusCode: 400, name: 'Error', message: 'newPassword is a required argument' });
    const short = await setPassword(token, 'short');
    expect(short.status).toBe(422);
    expect(short.json.error.code).toBe('INVALID_PASSWORD');
    const long = await setPassword(token, 'x'.repeat(73));
    expect(long.json.error.code).toBe('PASSWORD_TOO_LONG');
    expect((await setPassword(token, 'finally-valid')).status).toBe(204);
  });

  it('answers 400 EMAIL_REQUIRED for a missing or non-string email, and 401 for no token', async () => {
    for (const body of [{}, { email: 5 }, { email: '' }, { email: { $ne: null } }]) {
      const r = await call(reset, 'POST', '/api/users/reset', { body });
      expect(r.status).toBe(400);
      expect(r.json.error).toEqual({ statusCode: 400, name: 'Error', message: 'Email is required', code: 'EMAIL_REQUIRED' });
    }
    const r = await setPassword(undefined, 'whatever-password');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
  });

  it("emits resetPasswordRequest with LoopBack's payload", async () => {
    const seen: unknown[] = [];
    const stop = on('resetPasswordRequest', (info) => {
      seen.push(info);
    });
    await requestReset('reset@example.com');
    stop();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      email: 'reset@example.com',
      accessToken: { ttl: 900, userId: user.id },
      user: { id: user.id, email: 'reset@example.com' },
      options: { email: 'reset@example.com' },
    });
    expect(JSON.stringify((seen[0] as { user: unknown }).user)).not.toMatch(/password/i);
  });
});

describe('change password over the REST API', () => {
  it('keeps the current session, revokes the others, and needs the old password', async () => {
    await newUser('change@example.com', 'old-password-1');
    const current = (await loginToken('change@example.com', 'old-password-1'))!;
    const other = (await loginToken('change@example.com', 'old-password-1'))!;
    const change = (body: unknown, token: string | undefined = current) =>
      call(changePassword, 'POST', '/api/users/change-password', { body, ...(token && { token }) });

    expect((await change({ oldPassword: 'old-password-1' })).json.error.message).toBe('newPassword is a required argument');
    expect((await change({ newPassword: 'x' })).json.error.message).toBe('oldPassword is a required argument');
    const wrong = await change({ oldPassword: 'not-it', newPassword: 'new-password-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toEqual({ statusCode: 400, name: 'Error', message: 'Invalid current password', code: 'INVALID_PASSWORD' });
    expect((await change({ oldPassword: 'old-password-1', newPassword: 'short' })).status).toBe(422);
    expect((await change({ oldPassword: 'old-password-1', newPassword: 'new-password-1' }, '')).status).toBe(401);

    expect((await change({ oldPassword: 'old-password-1', newPassword: 'new-password-1' })).status).toBe(204);
    expect((await call(me, 'GET', '/api/users/me', { token: current, params: { id: 'me' } })).status).toBe(200);
    expect((await call(me, 'GET', '/api/users/me', { token: other, params: { id: 'me' } })).status).toBe(401);
    expect(await loginToken('change@example.com', 'old-password-1')).toBeUndefined();
    expect(await loginToken('change@example.com', 'new-password-1')).toBeDefined();
  });
});

describe('reset timing', () => {
  it('answers for a known and an unknown address in the same time (medians of repeated requests)', async () => {
    await newUser('timing@example.com');
    const time = async (email: string) => {
      const start = performance.now();
      const r = await call(reset, 'POST', '/api/users/reset', { body: { email } });
      const elapsed = performance.now() - start;
      expect(r.status).toBe(204);
      return elapsed;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 20; i++) {
      // The mail is sent after the answer; let it finish so it does not slow the next measurement.
      const after = sink.mark();
      known.push(await time('timing@example.com'));
      await sink.waitForMail('timing@example.com', { after });
      await waitForOutboxIdle();
      unknown.push(await time(`nobody-${i}@example.com`));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(5);
  });
});
