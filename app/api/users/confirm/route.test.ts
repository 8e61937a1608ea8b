import { afterAll, describe, expect, it } from 'vitest';
import { linkIn, startSmtpSink } from '@/test/smtp-sink';
import { call } from '@/test/http';

const sink = await startSmtpSink();
process.env.SMTP_URL = sink.url;
process.env.REDIRECT_ALLOWED_ORIGINS = 'https://app.example.com';
// This file checks the real default limits.
process.env.THROTTLE_MULTIPLIER = '1';

const confirm = (await import('./route')).GET;
const verify = (await import('../[id]/verify/route')).POST;
const signUp = (await import('../route')).POST;
const { findUserById } = await import('@/lib/auth');
const { getDb, verificationTokens } = await import('@/lib/db');
const { sql } = await import('drizzle-orm');

afterAll(() => sink.close());

async function newUser(email: string) {
  const r = await call(signUp, 'POST', '/api/users', { body: { email, password: 'verify-password-1' } });
  expect(r.status).toBe(200);
  return r.json.id as number;
}

/** Asks for a verification mail and returns the uid and token from its link. */
async function requestLink(id: number, email: string, source = '10.0.0.1') {
  const after = sink.mark();
  const r = await call(verify, 'POST', `/api/users/${id}/verify`, { params: { id: String(id) }, peer: source });
  expect(r.status).toBe(204);
  const link = linkIn(await sink.waitForMail(email, { after }), '/verify');
  expect(link.origin).toBe('http://latchkey.test');
  return { uid: link.searchParams.get('uid')!, token: link.searchParams.get('token')! };
}

const confirmWith = (query: string, source = '10.0.0.2') => call(confirm, 'GET', `/api/users/confirm?${query}`, { peer: source });

describe('email verification over REST', () => {
  it('confirms once with the mailed link, then answers 400 INVALID_TOKEN without echoing the token', async () => {
    const id = await newUser('verify1@example.com');
    const { uid, token } = await requestLink(id, 'verify1@example.com');
    expect(uid).toBe(String(id));
    const first = await confirmWith(`uid=${uid}&token=${token}`);
    expect(first.status).toBe(204);
    expect((await findUserById(id))?.emailVerified).toBe(true);

    const again = await confirmWith(`uid=${uid}&token=${token}`);
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({ statusCode: 400, name: 'Error', code: 'INVALID_TOKEN' });
    expect(again.json.error.message).toMatch(/^Invalid token: /);
    expect(again.text).not.toContain(token);
  });

  it('redirects to a local path or an allowed origin, and refuses any other redirect without spending the link', async () => {
    const id = await newUser('verify2@example.com');
    const { uid, token } = await requestLink(id, 'verify2@example.com');
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const r = await confirmWith(`uid=${uid}&token=${token}&redirect=${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(400);
      expect(r.json.error.code).toBe('INVALID_REDIRECT');
    }
    const ok = await confirmWith(`uid=${uid}&token=${token}&redirect=${encodeURIComponent('/account?verified=1')}`);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/account?verified=1');

    const id3 = await newUser('verify3@example.com');
    const link3 = await requestLink(id3, 'verify3@example.com');
    const allowed = await confirmWith(`uid=${link3.uid}&token=${link3.token}&redirect=${encodeURIComponent('https://app.example.com/welcome')}`);
    expect(allowed.status).toBe(302);
    expect(allowed.headers.get('location')).toBe('https://app.example.com/welcome');
  });

  it('refuses a redirect that only normalisation turns into another host, and emits the normalised path', async () => {
    const id = await newUser('verify-dots@example.com');
    const { uid, token } = await requestLink(id, 'verify-dots@example.com');
    // As the attacker sends them: raw in the query, and with the dots percent-encoded.
    for (const bad of ['/.//evil.example/landing', '/%2e//evil.example/landing', '/.%2E//evil.example', '/x/..//evil.example']) {
      const r = await confirmWith(`uid=${uid}&token=${token}&redirect=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.json.error.code).toBe('INVALID_REDIRECT');
      expect(r.headers.get('location')).toBeNull();
    }
    const ok = await confirmWith(`uid=${uid}&token=${token}&redirect=/x/./../account`);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/account');
    expect(new URL(ok.headers.get('location')!, 'http://latchkey.test/api/users/confirm').origin).toBe('http://latchkey.test');
  });

  it('answers 404 USER_NOT_FOUND for an unknown uid and 400 for missing arguments', async () => {
    const r = await confirmWith('uid=999999&token=abc');
    expect(r.status).toBe(404);
    expect(r.json.error).toEqual({ statusCode: 404, name: 'Error', message: 'User not found: 999999', code: 'USER_NOT_FOUND' });
    expect((await confirmWith('uid=1')).json.error).toEqual({ statusCode: 400, name: 'Error', message: 'token is a required argument' });
    expect((await confirmWith('token=abc')).json.error.message).toBe('uid is a required argument');
  });

  it('refuses an expired link, and a link sent to an address the account no longer has', async () => {
    const id = await newUser('verify4@example.com');
    const expired = await requestLink(id, 'verify4@example.com');
    const db = await getDb();
    await db.update(verificationTokens).set({ expiresAt: sql`now() - interval '1 second'` });
    expect((await confirmWith(`uid=${expired.uid}&token=${expired.token}`)).status).toBe(400);

    const voided = await requestLink(id, 'verify4@example.com');
    const user = (await findUserById(id))!;
    // An email change that took effect (its own link is tested in email-change.test.ts).
    const { users } = await import('@/lib/db');
    const { eq } = await import('drizzle-orm');
    await db.update(users).set({ email: 'verify4-new@example.com' }).where(eq(users.id, user.id));
    expect((await confirmWith(`uid=${voided.uid}&token=${voided.token}`)).status).toBe(400);
    expect((await findUserById(id))?.emailVerified).toBe(false);
  });

  it('answers 204 for any id, sends nothing to an unknown or verified account, and is rate-limited', async () => {
    const id = await newUser('verify5@example.com');
    const { uid, token } = await requestLink(id, 'verify5@example.com', '10.0.0.5');
    expect((await confirmWith(`uid=${uid}&token=${token}`)).status).toBe(204);
    const before = sink.messages.length;
    for (const target of [String(id), '424242', 'not-a-number']) {
      const r = await call(verify, 'POST', `/api/users/${target}/verify`, { params: { id: target }, peer: '10.0.0.6' });
      expect(r.status, target).toBe(204);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.length).toBe(before);

    // The default limit is 3 per account per hour: the fourth request is refused, for any id.
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const r = await call(verify, 'POST', '/api/users/777/verify', { params: { id: '777' }, peer: '10.0.0.7' });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.json.error.code).toBe('TOO_MANY_REQUESTS');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([204, 204, 204, 429]);
  });

  it('counts one limit per account however its id is spelled: /7, /007 and /0007 share it', async () => {
    const id = await newUser('verify6@example.com');
    const spellings = [String(id), `00${id}`, `0${id}`, `000${id}`, `00${id}`];
    const statuses = [];
    for (const [i, target] of spellings.entries()) {
      // A new source each time, so only the per-account limit can answer.
      const r = await call(verify, 'POST', `/api/users/${target}/verify`, { params: { id: target }, peer: `10.0.1.${i}` });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([204, 204, 204, 429, 429]);
  });
});
