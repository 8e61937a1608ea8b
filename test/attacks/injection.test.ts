import { describe, expect, it } from 'vitest';
import { call } from '@/test/http';
import { account, storedUser, tokenCount, userCount } from '@/test/accounts';

const signUp = (await import('@/app/api/users/route')).POST;
const login = (await import('@/app/api/users/login/route')).POST;
const reset = (await import('@/app/api/users/reset/route')).POST;
const resetPassword = (await import('@/app/api/users/reset-password/route')).POST;
const changePassword = (await import('@/app/api/users/change-password/route')).POST;
const patch = (await import('@/app/api/users/[id]/route')).PATCH;

const PAYLOADS: unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $where: 'sleep(1000)' },
  "' OR '1'='1",
  "victim@example.com' --",
  "x'; DROP TABLE users; --",
  ['victim@example.com'],
  { toString: 'x' },
  '\u0000',
  null,
  12345678,
  true,
];

describe('SQL and operator injection in every field', () => {
  it('never logs anyone in, never answers 500, and changes nothing', { timeout: 180_000 }, async () => {
    const victim = await account('victim@example.com', { username: 'victim' });
    const before = { users: await userCount(), tokens: await tokenCount(), victim: await storedUser(victim.user.id) };

    const attempts: { name: string; run: () => Promise<{ status: number; text: string }> }[] = [];
    for (const value of PAYLOADS) {
      const label = JSON.stringify(value);
      for (const field of ['email', 'username', 'password', 'realm', 'ttl']) {
        attempts.push({
          name: `login ${field}=${label}`,
          run: () => call(login, 'POST', '/api/users/login', { body: { email: 'victim@example.com', password: 'nope', [field]: value } }),
        });
      }
      for (const field of ['email', 'username', 'password', 'realm']) {
        attempts.push({
          name: `sign-up ${field}=${label}`,
          run: () =>
            call(signUp, 'POST', '/api/users', {
              body: { email: 'victim@example.com', username: 'victim', password: 'velvet9heron', [field]: value },
            }),
        });
      }
      attempts.push({ name: `reset email=${label}`, run: () => call(reset, 'POST', '/api/users/reset', { body: { email: value } }) });
      attempts.push({
        name: `reset-password newPassword=${label}`,
        run: () => call(resetPassword, 'POST', '/api/users/reset-password', { body: { newPassword: value }, token: 'x'.repeat(64) }),
      });
      for (const field of ['oldPassword', 'newPassword']) {
        attempts.push({
          name: `change-password ${field}=${label}`,
          run: () =>
            call(changePassword, 'POST', '/api/users/change-password', {
              body: { oldPassword: 'wrong-old-password', newPassword: 'fresh-password-1', [field]: value },
              token: victim.token,
            }),
        });
      }
      for (const field of ['email', 'username']) {
        attempts.push({
          name: `PATCH ${field}=${label}`,
          run: () => call(patch, 'PATCH', '/api/users/me', { body: { [field]: value }, token: victim.token, params: { id: 'me' } }),
        });
      }
    }

    for (const attempt of attempts) {
      const answer = await attempt.run();
      expect(answer.status, `${attempt.name}: ${answer.text}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, `${attempt.name}: ${answer.text}`).toBeLessThan(500);
      if (attempt.name.startsWith('login')) expect(answer.status, attempt.name).not.toBe(200);
    }

    // A PATCH of a username to a plain string is a legitimate change; every other field is as it was.
    const after = await storedUser(victim.user.id);
    expect(after?.email).toBe(before.victim?.email);
    expect(after?.passwordHash).toBe(before.victim?.passwordHash);
    expect(after?.emailVerified).toBe(false);
    expect(await userCount()).toBe(before.users);
    expect(await tokenCount()).toBe(before.tokens);
  });
});
