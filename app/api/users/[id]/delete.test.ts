import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startSmtpSink } from '@/test/smtp-sink';
import { call, type CallOptions } from '@/test/http';

const sink = await startSmtpSink();
process.env.SMTP_URL = sink.url;

// Imported once SMTP_URL is set: lib/env reads it when first loaded.
const { account, expectAuthorizationRequired, expectError, loginAs, PASSWORD, storedUser, tokenCount, userCount } = await import('@/test/accounts');
const { DELETE, GET } = await import('./route');
const { login } = await import('@/lib/auth');
const { authEvents, getDb } = await import('@/lib/db');

afterAll(() => sink.close());

const at = (handler: unknown, method: string, id: string | number, options: CallOptions = {}) =>
  call(handler, method, `/api/users/${id}`, { ...options, params: { id: String(id) } });

async function eventsOf(userId: number) {
  return (await getDb()).select().from(authEvents).where(eq(authEvents.userId, userId));
}

describe('DELETE /api/users/{id|me}', () => {
  it('with the token alone, as LoopBack: deletes, ends every session, clears the audit rows and mails a goodbye', async () => {
    const { user, token } = await account('bye@example.com', { username: 'byebye' });
    const other = await loginAs('bye@example.com');
    // A failed login naming the address, stored under its digest only.
    await login({ email: 'bye@example.com', password: 'not-it' });
    await login({ username: 'byebye', password: 'not-it' });
    expect((await eventsOf(user.id)).some((e) => e.identifier === 'bye@example.com')).toBe(true);

    const after = sink.mark();
    const answer = await at(DELETE, 'DELETE', 'me', { token, headers: { 'user-agent': 'Firefox/130' }, peer: '203.0.113.9' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ count: 1 });
    expect(await storedUser(user.id)).toBeUndefined();
    expect(await tokenCount(user.id)).toBe(0);
    expectAuthorizationRequired(await at(GET, 'GET', 'me', { token: other }));

    const rows = await (await getDb()).select().from(authEvents);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('bye@example.com');
    expect(text).not.toContain('byebye');
    expect(text).not.toContain('203.0.113.9');
    const deleted = rows.filter((r) => r.type === 'account_deleted');
    expect(deleted.length).toBeGreaterThanOrEqual(1);
    expect(deleted.every((r) => r.userId === null && r.identifier === null && r.sourceAddress === null)).toBe(true);

    const mail = await sink.waitForMail('bye@example.com', { after, subject: 'Your Latchkey account was deleted' });
    expect(mail.text).toContain('/signup');
  });

  it('checks currentPassword when the body has it: a wrong, empty or non-string one is a 400 and deletes nothing', async () => {
    const { user, token } = await account('careful@example.com');
    for (const [body, code] of [
      [{ currentPassword: 'wrong-password' }, 'INVALID_PASSWORD'],
      [{ currentPassword: '' }, 'CURRENT_PASSWORD_REQUIRED'],
      [{ currentPassword: 12345678 }, 'INVALID_PASSWORD'],
    ] as const) {
      const answer = await at(DELETE, 'DELETE', user.id, { token, body });
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe(code);
      expect(answer.text).not.toContain('wrong-password');
    }
    const malformed = await at(DELETE, 'DELETE', user.id, { token, raw: '{"currentPassword":' });
    expect(malformed.status).toBe(400);
    expect(await storedUser(user.id)).toBeDefined();
    expect(await tokenCount(user.id)).toBe(1);

    const right = await at(DELETE, 'DELETE', user.id, { token, body: { currentPassword: PASSWORD } });
    expect(right.json).toEqual({ count: 1 });
    expect(await storedUser(user.id)).toBeUndefined();
  });

  it("another user's id is LoopBack's 401, even with the right password in the body, and nothing changes", async () => {
    const alice = await account('del-alice@example.com');
    const bob = await account('del-bob@example.com');
    const users = await userCount();
    const answer = await at(DELETE, 'DELETE', alice.user.id, { token: bob.token, body: { currentPassword: PASSWORD } });
    expectAuthorizationRequired(answer);
    expectError(answer, 401, 'Authorization Required', 'AUTHORIZATION_REQUIRED');
    expect(await userCount()).toBe(users);
    expect(await tokenCount(alice.user.id)).toBe(1);
    expect(await tokenCount(bob.user.id)).toBe(1);
  });
});
