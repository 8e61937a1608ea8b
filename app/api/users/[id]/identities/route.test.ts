import { describe, expect, it } from 'vitest';
import { GET, POST } from './route';
import * as one from './[identityId]/route';
import { call, type CallOptions } from '@/test/http';
import { account, expectAuthorizationRequired, expectError, loginAs, PASSWORD } from '@/test/accounts';
import { linkIdentity, signInWithIdentity, validateAccessToken, type ProviderProfile } from '@/lib/auth';
import { getDb, authEvents, users } from '@/lib/db';
import { desc, eq } from 'drizzle-orm';

const list = (id: string | number, options: CallOptions = {}) =>
  call(GET, 'GET', `/api/users/${id}/identities`, { ...options, params: { id: String(id) } });
const unlink = (id: string | number, identityId: string | number, options: CallOptions = {}) =>
  call(one.DELETE, 'DELETE', `/api/users/${id}/identities/${identityId}`, { ...options, params: { id: String(id), identityId: String(identityId) } });

const profile = (subject: string, extra: Partial<ProviderProfile> = {}): ProviderProfile => ({
  provider: 'corp',
  authScheme: 'openid connect',
  subject,
  email: `${subject}@example.com`,
  emailVerified: true,
  displayName: 'Some One',
  username: subject,
  ...extra,
});

/** A password-less account made by signing in at a provider, and a token of it. */
async function providerAccount(subject: string) {
  const signedIn = await signInWithIdentity(profile(subject));
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  return { user: signedIn.value.user, token: signedIn.value.token.id };
}

describe('GET /api/users/{id|me}/identities', () => {
  it("lists the owner's identities in LoopBack's UserIdentity shape, with no provider token", async () => {
    const { user, token } = await account('ids-list@example.com');
    await linkIdentity(user.id, profile('ids-list-a'));
    await linkIdentity(
      user.id,
      profile('ids-list-b', { provider: 'github', authScheme: 'oauth2', email: null, emailVerified: false, displayName: null }),
    );
    const answer = await list('me', { token });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.json).toHaveLength(2);
    expect(Object.keys(answer.json[0])).toEqual([
      'id',
      'provider',
      'authScheme',
      'externalId',
      'profile',
      'created',
      'modified',
      'lastUsed',
      'userId',
    ]);
    expect(answer.json[0]).toMatchObject({
      provider: 'corp',
      authScheme: 'openid connect',
      externalId: 'ids-list-a',
      profile: {
        provider: 'corp',
        id: 'ids-list-a',
        displayName: 'Some One',
        username: 'ids-list-a',
        emails: [{ value: 'ids-list-a@example.com', verified: true }],
      },
      userId: user.id,
    });
    expect(answer.json[1]).toMatchObject({ provider: 'github', authScheme: 'oauth2', profile: { emails: [] } });
    expect(answer.json[1].profile).not.toHaveProperty('displayName');
    expect(answer.text).not.toMatch(/credentials|access_token|refresh_token/);
    expect((await list(user.id, { token })).json).toEqual(answer.json);
  });

  it("is the owner's alone: anyone else, or anonymous, gets LoopBack's 401", async () => {
    const alice = await account('ids-alice@example.com');
    const bob = await account('ids-bob@example.com');
    await linkIdentity(alice.user.id, profile('ids-alice'));
    expectAuthorizationRequired(await list(alice.user.id));
    expectAuthorizationRequired(await list(alice.user.id, { token: bob.token }));
    expectAuthorizationRequired(await list('me', { token: 'not-a-token' }));
    expectAuthorizationRequired(await list('../1', { token: bob.token }));
    expectAuthorizationRequired(
      await call(POST, 'POST', '/api/users/me/identities', { token: alice.token, params: { id: 'me' }, body: { provider: 'corp', externalId: 'x' } }),
    );
  });
});

describe('DELETE /api/users/{id|me}/identities/{identityId}', () => {
  it('unlinks one, 204, and records it', async () => {
    const { user, token } = await account('ids-unlink@example.com');
    const linked = await linkIdentity(user.id, profile('ids-unlink'));
    if (!linked.ok) throw new Error('link failed');
    const answer = await unlink('me', linked.value.identity.id, { token });
    expect(answer.status).toBe(204);
    expect((await list('me', { token })).json).toEqual([]);
    const db = await getDb();
    const [event] = await db.select().from(authEvents).where(eq(authEvents.userId, user.id)).orderBy(desc(authEvents.id)).limit(1);
    expect(event).toMatchObject({ type: 'identity_unlinked', outcome: 'success', reason: 'corp' });
  });

  it("404s another user's identity, an unknown one and a malformed id, changing nothing", async () => {
    const alice = await account('ids-404-alice@example.com');
    const bob = await account('ids-404-bob@example.com');
    const linked = await linkIdentity(alice.user.id, profile('ids-404'));
    if (!linked.ok) throw new Error('link failed');
    for (const bad of [linked.value.identity.id, 999999, 'abc', '1e3', '-1', '0', '99999999999', "1' or '1'='1"]) {
      const answer = await unlink('me', bad, { token: bob.token });
      expectError(answer, 404, 'Unknown "UserIdentity" id', 'MODEL_NOT_FOUND');
    }
    expect((await list('me', { token: alice.token })).json).toHaveLength(1);
    expectAuthorizationRequired(await unlink(alice.user.id, linked.value.identity.id, { token: bob.token }));
    expectAuthorizationRequired(await unlink(alice.user.id, linked.value.identity.id));
  });

  it('refuses to unlink the last way to sign in of an account without a password', async () => {
    const { user, token } = await providerAccount('ids-last');
    const [only] = (await list('me', { token })).json;
    expectError(
      await unlink('me', only.id, { token }),
      400,
      'This is the last way to sign in to the account: set a password first',
      'LAST_SIGN_IN_METHOD',
    );
    expect((await list('me', { token })).json).toHaveLength(1);
    expect((await validateAccessToken(token)).status).toBe('valid');

    // With a second identity one may go, then not the other.
    const second = await linkIdentity(user.id, profile('ids-last-2'));
    if (!second.ok) throw new Error('link failed');
    expect((await unlink('me', only.id, { token })).status).toBe(204);
    expect((await unlink('me', second.value.identity.id, { token })).status).toBe(400);
  });

  it('two parallel unlinks of the last two identities leave one', async () => {
    const { user, token } = await providerAccount('ids-race-1');
    const second = await linkIdentity(user.id, profile('ids-race-2'));
    if (!second.ok) throw new Error('link failed');
    const ids = (await list('me', { token })).json.map((i: { id: number }) => i.id);
    const answers = await Promise.all(ids.map((id: number) => unlink('me', id, { token })));
    expect(answers.map((a) => a.status).sort()).toEqual([204, 400]);
    expect((await list('me', { token })).json).toHaveLength(1);
  });

  it('an account with a password may unlink every identity; once a password is set, a provider account may too', async () => {
    const { user, token } = await account('ids-pw@example.com');
    const linked = await linkIdentity(user.id, profile('ids-pw'));
    if (!linked.ok) throw new Error('link failed');
    expect((await unlink('me', linked.value.identity.id, { token })).status).toBe(204);
    // The password still works.
    await expect(loginAs('ids-pw@example.com', { password: PASSWORD })).resolves.toEqual(expect.any(String));
    const db = await getDb();
    expect((await db.select().from(users).where(eq(users.id, user.id)))[0]?.passwordHash).not.toBeNull();
  });
});
