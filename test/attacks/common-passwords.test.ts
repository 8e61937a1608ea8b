import { describe, expect, it } from 'vitest';
import { call } from '@/test/http';

const signUp = (await import('@/app/api/users/route')).POST;
const login = (await import('@/app/api/users/login/route')).POST;
const changePassword = (await import('@/app/api/users/change-password/route')).POST;
const resetPassword = (await import('@/app/api/users/reset-password/route')).POST;
const { issueAccessToken, RESET_PASSWORD_SCOPE } = await import('@/lib/auth/access-tokens');

// zxcvbn scored each of these above 0, so they used to be accepted.
const COMMON = ['welcome1', 'mustang1', 'serenity', 'Password1!', 'Qwerty123!'];

function expectCommon(r: { status: number; json: { error: { code: string; message: string } } }, password: string) {
  expect(r.status, password).toBe(422);
  expect(r.json.error.code).toBe('INVALID_PASSWORD');
  expect(r.json.error.message).toMatch(
    /^Invalid password: it is (one of the most commonly used passwords|a commonly used password with a few digits or symbols added)\./,
  );
}

describe('common passwords over REST', () => {
  it('refuses them at sign-up and creates nothing', async () => {
    for (const [i, password] of COMMON.entries()) {
      expectCommon(await call(signUp, 'POST', '/api/users', { body: { email: `common-${i}@example.com`, password } }), password);
      expect((await call(login, 'POST', '/api/users/login', { body: { email: `common-${i}@example.com`, password } })).status).toBe(401);
    }
  });

  it('refuses them on change-password and reset-password, keeping the old password', async () => {
    const created = await call(signUp, 'POST', '/api/users', { body: { email: 'keeper@example.com', password: 'first-harbour-note' } });
    expect(created.status).toBe(200);
    const token = (await call(login, 'POST', '/api/users/login', { body: { email: 'keeper@example.com', password: 'first-harbour-note' } })).json.id;
    const reset = (await issueAccessToken({ userId: created.json.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] })).token;
    for (const password of COMMON) {
      expectCommon(
        await call(changePassword, 'POST', '/api/users/change-password', {
          token,
          body: { oldPassword: 'first-harbour-note', newPassword: password },
        }),
        password,
      );
      expectCommon(await call(resetPassword, 'POST', '/api/users/reset-password', { token: reset.id, body: { newPassword: password } }), password);
    }
    expect((await call(login, 'POST', '/api/users/login', { body: { email: 'keeper@example.com', password: 'first-harbour-note' } })).status).toBe(
      200,
    );
  });
});
