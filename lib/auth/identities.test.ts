import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb, identities, users } from '@/lib/db';
import { signUp } from '@/test/accounts';
import { hasPassword, linkIdentity, signInWithIdentity, type ProviderProfile } from './identities';
import { login } from './login';
import { on } from './hooks';
import { resetPassword, setPasswordWithResetToken } from './password-reset';
import { toUserJSON } from './user-records';
import { changePassword } from './change-password';
import { deleteAccount } from './delete-account';
import { updateUser } from './users';

const profile = (subject: string, extra: Partial<ProviderProfile> = {}): ProviderProfile => ({
  provider: 'corp',
  authScheme: 'openid connect',
  subject,
  email: `${subject}@example.com`,
  emailVerified: true,
  ...extra,
});

async function providerUser(subject: string) {
  const result = await signInWithIdentity(profile(subject));
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('accounts made through a provider', () => {
  it('look like any other account to the REST API (no password field, verified address)', async () => {
    const { user, how } = await providerUser('core-rest');
    expect(how).toBe('created');
    expect(toUserJSON(user)).toEqual({ email: 'core-rest@example.com', emailVerified: true, id: user.id });
  });

  it('refuse every password like a wrong one, change-password included, until "forgot password" sets one', async () => {
    const { user } = await providerUser('core-reset');
    expect(hasPassword(user)).toBe(false);
    for (const password of ['', 'guess-guess-guess', 'x'.repeat(100)]) {
      const result = await login({ email: 'core-reset@example.com', password });
      expect(result.ok).toBe(false);
    }
    const changed = await changePassword(user, 'no-token', 'anything-here', 'velvet9heron-new');
    expect(!changed.ok && changed.error.code).toBe('INVALID_PASSWORD');

    let token = '';
    const stop = on('resetPasswordRequest', (info) => {
      token = info.accessToken.id;
    });
    await resetPassword({ email: 'core-reset@example.com' });
    stop();
    expect(token).not.toBe('');
    const set = await setPasswordWithResetToken(token, 'velvet9heron-chosen');
    expect(set.ok).toBe(true);
    const logged = await login({ email: 'core-reset@example.com', password: 'velvet9heron-chosen' });
    expect(logged.ok).toBe(true);
    // The provider still signs in to the same account.
    expect((await providerUser('core-reset')).user.id).toBe(user.id);
  });

  it('asked for a current password (new address, deletion), refuse plainly and count no guess', async () => {
    const { user } = await providerUser('core-nopw');
    for (let i = 0; i < 12; i++) {
      const moved = await updateUser(user, { email: 'core-nopw-new@example.com', currentPassword: `guess-${i}` });
      expect(!moved.ok && [moved.error.code, moved.error.reason]).toEqual(['INVALID_PASSWORD', 'no-password']);
    }
    const deleted = await deleteAccount(user, { currentPassword: 'guess', requirePassword: true });
    expect(!deleted.ok && deleted.error.reason).toBe('no-password');
    const [row] = await (await getDb()).select().from(users).where(eq(users.id, user.id));
    expect(row?.email).toBe('core-nopw@example.com');
  });

  it('a password-less account costs a wrong password the same bcrypt work as a wrong password', async () => {
    await providerUser('core-timing');
    await signUp('core-timing-pw@example.com');
    const time = async (email: string) => {
      const start = performance.now();
      for (let i = 0; i < 3; i++) await login({ email, password: 'not-the-password' });
      return performance.now() - start;
    };
    await time('core-timing@example.com');
    const without = await time('core-timing@example.com');
    const withPassword = await time('core-timing-pw@example.com');
    // Both pay a bcrypt comparison; neither is a shortcut many times faster.
    expect(without).toBeGreaterThan(withPassword / 4);
    expect(withPassword).toBeGreaterThan(without / 4);
  });
});

describe('linking rules', () => {
  it('one identity, one account: a concurrent first sign-in makes one account', async () => {
    const results = await Promise.all([1, 2, 3].map(() => signInWithIdentity(profile('core-race'))));
    const ids = new Set(results.map((r) => (r.ok ? r.value.user.id : null)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).not.toBeNull();
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, 'core-race@example.com'))).toHaveLength(1);
    expect(await db.select().from(identities).where(eq(identities.subject, 'core-race'))).toHaveLength(1);
  });

  it('an identity is (provider, subject): the same subject at another provider is another identity', async () => {
    const a = await providerUser('core-pair');
    const other = await signInWithIdentity(profile('core-pair', { provider: 'other', email: 'core-pair-other@example.com' }));
    expect(other.ok && other.value.user.id).not.toBe(a.user.id);
  });

  it('a linked identity keeps signing in to its account even when the provider now reports another address', async () => {
    const { user } = await providerUser('core-moved');
    const again = await signInWithIdentity(profile('core-moved', { email: 'someone-else@example.com', emailVerified: false }));
    expect(again.ok && again.value.user.id).toBe(user.id);
  });

  it('a provider address that Latchkey would not accept for an account makes none', async () => {
    for (const email of ['"quoted"@example.com', 'Name <a@example.com>', 'a@b@example.com', 'ünï@example.com']) {
      const result = await signInWithIdentity(profile(`core-bad-${email.length}`, { email }));
      expect(!result.ok && result.error.code).toBe('NO_VERIFIED_EMAIL');
    }
  });

  it('links never move an identity between accounts', async () => {
    const first = await providerUser('core-owned');
    const second = await signUp('core-owned-2@example.com');
    const refused = await linkIdentity(second.id, profile('core-owned'));
    expect(!refused.ok && refused.error.code).toBe('IDENTITY_TAKEN');
    const again = await linkIdentity(first.user.id, profile('core-owned'));
    expect(again.ok && again.value.already).toBe(true);
  });
});
