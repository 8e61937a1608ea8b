import { describe, expect, it } from 'vitest';
import { call } from '@/test/http';

// This file checks the real default limits.
process.env.THROTTLE_MULTIPLIER = '1';

const { PATCH } = await import('./route');
const { account, expectError, PASSWORD, storedUser } = await import('@/test/accounts');
const { getEmailChangeState } = await import('@/lib/auth');
const { env } = await import('@/lib/env');

const patchMe = (token: string, body: unknown, peer: string) => call(PATCH, 'PATCH', '/api/users/me', { token, body, params: { id: 'me' }, peer });

describe('wrong current passwords on an email change', () => {
  it('count per account, from any source: past the limit even the right password is 429, and nothing changes', async () => {
    const { user, token } = await account('guessed@example.com');
    const before = await storedUser(user.id);
    for (let i = 0; i < env.TOKEN_FAILURE_LIMIT; i++) {
      const r = await patchMe(token, { email: 'attacker@evil.test', currentPassword: `guess-${i}` }, `10.1.0.${i}`);
      expectError(r, 400, 'Invalid current password', 'INVALID_PASSWORD');
    }
    const blocked = await patchMe(token, { email: 'attacker@evil.test', currentPassword: PASSWORD }, '10.1.1.1');
    expectError(blocked, 429, 'Too many attempts. Try again later.', 'TOO_MANY_REQUESTS');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await storedUser(user.id)).toEqual(before);
    expect((await getEmailChangeState(user.id)).pending).toBeNull();
  });

  it('another account is not held back', async () => {
    const { token } = await account('bystander@example.com');
    expect((await patchMe(token, { email: 'bystander-new@example.com', currentPassword: PASSWORD }, '10.1.2.1')).status).toBe(200);
  });
});
