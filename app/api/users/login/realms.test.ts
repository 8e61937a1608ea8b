import { describe, expect, it } from 'vitest';
import { call } from '@/test/http';

process.env.REALM_REQUIRED = 'true';
process.env.REALM_DELIMITER = ':';

const signUp = (await import('../route')).POST;
const login = (await import('./route')).POST;
const patch = (await import('../[id]/route')).PATCH;

const create = (body: Record<string, unknown>) => call(signUp, 'POST', '/api/users', { body });
const logIn = (body: Record<string, unknown>) => call(login, 'POST', '/api/users/login', { body });

describe('realms (REALM_REQUIRED with a delimiter)', () => {
  it('keeps email and username unique per realm, not globally', async () => {
    expect((await create({ email: 'a@x.com', password: 'realm-password-1', realm: 'r1', username: 'bob' })).status).toBe(200);
    const other = await create({ email: 'a@x.com', password: 'realm-password-2', realm: 'r2', username: 'bob' });
    expect(other.status).toBe(200);
    expect(other.json).toMatchObject({ email: 'a@x.com', realm: 'r2', username: 'bob' });
    const clash = await create({ email: 'A@x.com', password: 'realm-password-3', realm: 'r1', username: 'bob' });
    expect(clash.status).toBe(422);
    expect(clash.json.error.details.codes).toEqual({ email: ['uniqueness'], username: ['uniqueness'] });
  });

  it('needs a realm to log in, from `realm` or a prefix split at the first delimiter', async () => {
    const none = await logIn({ email: 'a@x.com', password: 'realm-password-1' });
    expect(none.status).toBe(400);
    expect(none.json.error).toEqual({ statusCode: 400, name: 'Error', message: 'realm is required', code: 'REALM_REQUIRED' });

    const prefixed = await logIn({ email: 'r1:a@x.com', password: 'realm-password-1' });
    expect(prefixed.status).toBe(200);
    const explicit = await logIn({ email: 'a@x.com', realm: 'r2', password: 'realm-password-2' });
    expect(explicit.status).toBe(200);
    expect(explicit.json.userId).not.toBe(prefixed.json.userId);
    expect((await logIn({ username: 'r2:bob', password: 'realm-password-2' })).status).toBe(200);
    // The right password in the wrong realm is a plain failure.
    expect((await logIn({ email: 'r2:a@x.com', password: 'realm-password-1' })).json.error.code).toBe('LOGIN_FAILED');
  });

  it('splits at the first delimiter only', async () => {
    expect((await create({ email: 'c@x.com', username: 'x:y', password: 'realm-password-4', realm: 'r3' })).status).toBe(200);
    expect((await logIn({ username: 'r3:x:y', password: 'realm-password-4' })).status).toBe(200);
  });

  it('refuses a non-string realm with 400 INVALID_REALM, and sign-up without a realm', async () => {
    expect((await logIn({ email: 'a@x.com', realm: 5, password: 'p' })).json.error).toEqual({
      statusCode: 400,
      name: 'Error',
      message: 'Invalid realm',
      code: 'INVALID_REALM',
    });
    expect((await create({ email: 'd@x.com', password: 'realm-password-5', realm: ['r1'] })).json.error.code).toBe('INVALID_REALM');
    expect((await create({ email: 'd@x.com', password: 'realm-password-5' })).json.error.code).toBe('REALM_REQUIRED');
  });

  it('never changes the realm through PATCH', async () => {
    const token = (await logIn({ email: 'r1:a@x.com', password: 'realm-password-1' })).json.id as string;
    const r = await call(patch, 'PATCH', '/api/users/me', { body: { realm: 'r2' }, token, params: { id: 'me' } });
    expect(r.status).toBe(422);
    expect(r.json.error.details.codes).toEqual({ realm: ['absence'] });
  });
});
