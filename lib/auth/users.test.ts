import { describe, expect, it } from 'vitest';
import { confirmEmailChange, createUser, findUserByEmail, toUserJSON, updateUser } from '@/lib/auth';
import { sha256 } from '@/lib/auth/random';
import { emailChanges, getDb, users } from '@/lib/db';
import { signUp } from '@/test/accounts';

/** The validation codes of a failed result, whatever else `details` may carry. */
const codesOf = (result: { ok: boolean; error?: { details?: object } }) => (result.error?.details as { codes?: unknown } | undefined)?.codes;

// Concurrent sign-ups, as the REST door answers them: app/api/users/route.test.ts.
describe('uniqueness is enforced by the database', () => {
  it('concurrent email changes to one address: one link wins, the other is a 422', async () => {
    // A change takes effect from its link (docs/decisions/013), so the race is between two links.
    const a = await signUp('change-a@example.com');
    const b = await signUp('change-b@example.com');
    const db = await getDb();
    const later = new Date(Date.now() + 3600_000);
    for (const [user, token] of [
      [a, 'race-token-a'],
      [b, 'race-token-b'],
    ] as const) {
      await db.insert(emailChanges).values({
        id: sha256(token),
        undoTokenHash: sha256(`undo-${token}`),
        userId: user.id,
        oldEmail: user.email,
        newEmail: 'wanted@example.com',
        expiresAt: later,
        undoExpiresAt: later,
      });
    }
    const results = await Promise.all([confirmEmailChange('race-token-a'), confirmEmailChange('race-token-b')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser && codesOf(loser)).toEqual({ email: ['uniqueness'] });
    expect((await findUserByEmail('wanted@example.com'))?.id).toBeDefined();
  });

  it('a duplicate written past the code is refused by the constraints themselves', async () => {
    const user = await signUp('direct@example.com', { username: 'direct' });
    const db = await getDb();
    await expect(db.insert(users).values({ email: 'direct@example.com', passwordHash: 'x' })).rejects.toThrow();
    await expect(db.insert(users).values({ email: 'other-direct@example.com', username: 'direct', passwordHash: 'x' })).rejects.toThrow();
    // Users without a username do not collide with each other.
    await db.insert(users).values({ email: 'nameless-1@example.com', passwordHash: 'x' });
    await db.insert(users).values({ email: 'nameless-2@example.com', passwordHash: 'x' });
    expect((await findUserByEmail('direct@example.com'))?.id).toBe(user.id);
  });
});

describe('createUser', () => {
  it('stores the email trimmed and lower-cased, and never the password', async () => {
    const created = await createUser({ email: '  Mixed.Case@Example.COM ', password: 'plain-password' });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.email).toBe('mixed.case@example.com');
    expect(created.value.passwordHash).not.toContain('plain-password');
    expect(toUserJSON(created.value)).toEqual({ email: 'mixed.case@example.com', emailVerified: false, id: created.value.id });
  });

  it('lists every problem at once', async () => {
    const created = await createUser({ id: 1, email: 'nope', password: 'velvet9heron', extra: 1 });
    expect(created.ok).toBe(false);
    if (created.ok) return;
    expect(codesOf(created)).toEqual({ id: ['absence'], email: ['custom.email'], extra: ['unknown-property'] });
  });

  it('refuses an over-long email', async () => {
    const created = await createUser({ email: `${'a'.repeat(250)}@example.com`, password: 'velvet9heron' });
    expect(codesOf(created)).toEqual({ email: ['custom.email'] });
  });
});

describe('updateUser', () => {
  it('refuses a password before anything else', async () => {
    const user = await signUp('update-pass@example.com');
    const result = await updateUser(user, { password: 'x', emailVerified: true });
    expect(!result.ok && result.error).toMatchObject({ status: 401, code: 'PASSWORD_CHANGE_NOT_ALLOWED' });
  });

  it('may clear the username', async () => {
    const user = await signUp('update-clear@example.com', { username: 'clearme' });
    const result = await updateUser(user, { username: null });
    expect(result.ok && toUserJSON(result.value)).toEqual({ email: 'update-clear@example.com', emailVerified: false, id: user.id });
  });
});

describe('validation messages', () => {
  it('never repeat the value of an unknown property or of a secret-looking field', async () => {
    const { createUser } = await import('@/lib/auth');
    const r = await createUser({ email: 'echo@example.com', password: 'echo-password-1', passwordConfirm: 'echo-password-1', apiKey: 'k-123' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.status).toBe(422);
    expect(r.error.details?.codes).toEqual({ passwordConfirm: ['unknown-property'], apiKey: ['unknown-property'] });
    expect(r.error.message).not.toContain('echo-password-1');
    expect(r.error.message).not.toContain('k-123');
  });
});
