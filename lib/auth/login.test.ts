import { describe, expect, it } from 'vitest';
import { createUser, login, logout, validateAccessToken } from '@/lib/auth';
import { eq } from 'drizzle-orm';
import bcrypt from 'bcryptjs';
import { getDb, accessTokens, users } from '@/lib/db';

async function signUp(email = 'me@domain.com', password = 'velvet9heron', username?: string) {
  const created = await createUser({ email, password, ...(username && { username }) });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

describe('login', () => {
  it('issues a 64-character token with the default ttl for the right password', async () => {
    const user = await signUp('login1@example.com');
    const result = await login({ email: 'LOGIN1@example.com ', password: 'velvet9heron' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.id).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(result.value).toMatchObject({ ttl: 1209600, userId: user.id });
    expect(new Date(result.value.created).toISOString()).toBe(result.value.created);
    const check = await validateAccessToken(result.value.id);
    expect(check.status).toBe('valid');
  });

  it('accepts the username instead of the email, and the email wins when both are given', async () => {
    await signUp('login2@example.com', 'velvet9heron', 'login2');
    expect((await login({ username: 'login2', password: 'velvet9heron' })).ok).toBe(true);
    const both = await login({ email: 'nobody@example.com', username: 'login2', password: 'velvet9heron' });
    expect(both.ok).toBe(false);
  });

  it('gives the same LOGIN_FAILED for an unknown user, a wrong password and a missing password', async () => {
    await signUp('login3@example.com');
    const answers = await Promise.all([
      login({ email: 'unknown@example.com', password: 'velvet9heron' }),
      login({ email: 'login3@example.com', password: 'wrong-password' }),
      login({ email: 'login3@example.com' }),
      login({ email: 'login3@example.com', password: 12345678 }),
    ]);
    for (const answer of answers) {
      expect(answer).toEqual({ ok: false, error: { status: 401, name: 'Error', message: 'login failed', code: 'LOGIN_FAILED' } });
    }
  });

  it('compares passwords exactly, after NFKC normalisation', async () => {
    await signUp('login4@example.com', 'ｖｅｌｖｅｔ９ｈｅｒｏｎ'); // full-width forms fold to "velvet9heron"
    expect((await login({ email: 'login4@example.com', password: 'velvet9heron' })).ok).toBe(true);
    expect((await login({ email: 'login4@example.com', password: 'Velvet9heron' })).ok).toBe(false);
    expect((await login({ email: 'login4@example.com', password: ' velvet9heron' })).ok).toBe(false);
  });

  it('rejects malformed credentials with LoopBack codes before looking anything up', async () => {
    const code = async (c: Record<string, unknown>) => {
      const r = await login(c);
      return r.ok ? 'ok' : `${r.error.status} ${r.error.code}`;
    };
    expect(await code({})).toBe('400 USERNAME_EMAIL_REQUIRED');
    expect(await code({ password: 'x' })).toBe('400 USERNAME_EMAIL_REQUIRED');
    expect(await code({ email: 5, password: 'x' })).toBe('400 INVALID_EMAIL');
    expect(await code({ email: { $ne: null }, password: 'x' })).toBe('400 INVALID_EMAIL');
    expect(await code({ username: ['a'], password: 'x' })).toBe('400 INVALID_USERNAME');
    expect(await code({ email: 'a@b.com', realm: 7, password: 'x' })).toBe('400 INVALID_REALM');
  });

  it('applies the ttl rules', async () => {
    await signUp('login5@example.com');
    const ttl = async (value: unknown) => {
      const r = await login({ email: 'login5@example.com', password: 'velvet9heron', ttl: value });
      return r.ok ? r.value.ttl : r.error.code;
    };
    expect(await ttl(undefined)).toBe(1209600);
    expect(await ttl(0)).toBe(1209600);
    expect(await ttl(60)).toBe(60);
    expect(await ttl('120')).toBe(120);
    expect(await ttl(60.9)).toBe(60);
    expect(await ttl(10 ** 9)).toBe(2592000);
    expect(await ttl(-1)).toBe('INVALID_TTL');
    expect(await ttl(-5)).toBe('INVALID_TTL');
    expect(await ttl('abc')).toBe('INVALID_TTL');
    expect(await ttl({})).toBe('INVALID_TTL');
  });

  it('stores only hashes: no raw token and no plain password in the database', async () => {
    await signUp('login6@example.com', 'a-very-secret-pass');
    const r = await login({ email: 'login6@example.com', password: 'a-very-secret-pass' });
    if (!r.ok) throw new Error('login failed');
    const db = await getDb();
    const dump = JSON.stringify([await db.select().from(users), await db.select().from(accessTokens)]);
    expect(dump).not.toContain(r.value.id);
    expect(dump).not.toContain('a-very-secret-pass');
  });

  it('logout deletes only the presented token', async () => {
    await signUp('login7@example.com');
    const a = await login({ email: 'login7@example.com', password: 'velvet9heron' });
    const b = await login({ email: 'login7@example.com', password: 'velvet9heron' });
    if (!a.ok || !b.ok) throw new Error('login failed');
    expect(await logout(a.value.id)).toBe(true);
    expect((await validateAccessToken(a.value.id)).status).toBe('unknown');
    expect((await validateAccessToken(b.value.id)).status).toBe('valid');
    expect(await logout(a.value.id)).toBe(false);
  });

  it('re-hashes a password stored at another bcrypt cost after a successful login, and only then', async () => {
    const user = await signUp('rehash@example.com');
    const db = await getDb();
    const stored = await bcrypt.hash('velvet9heron', 5);
    await db.update(users).set({ passwordHash: stored }).where(eq(users.id, user.id));
    const hashOf = async () => (await db.select().from(users).where(eq(users.id, user.id)))[0]!.passwordHash;

    expect((await login({ email: 'rehash@example.com', password: 'wrong-password' })).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await hashOf()).toBe(stored);

    expect((await login({ email: 'rehash@example.com', password: 'velvet9heron' })).ok).toBe(true);
    for (let i = 0; i < 50 && (await hashOf()) === stored; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const rehashed = await hashOf();
    expect(rehashed).toMatch(/^\$2[aby]\$04\$/);
    expect((await login({ email: 'rehash@example.com', password: 'velvet9heron' })).ok).toBe(true);
  });
});
