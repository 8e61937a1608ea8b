import { describe, expect, it } from 'vitest';
import { DELETE, GET, PATCH, POST, PUT } from './route';
import * as count from './count/route';
import * as one from './[tokenId]/route';
import { GET as getUser } from '../route';
import { call, type CallOptions } from '@/test/http';
import { account, ageToken, expectAuthorizationRequired, expectError, loginAs, tokenCount, tokenRow } from '@/test/accounts';
import { issueAccessToken, RESET_PASSWORD_SCOPE } from '@/lib/auth';

const list = (id: string | number, options: CallOptions = {}) =>
  call(GET, 'GET', `/api/users/${id}/accessTokens`, { ...options, params: { id: String(id) } });
const revokeAll = (id: string | number, options: CallOptions = {}) =>
  call(DELETE, 'DELETE', `/api/users/${id}/accessTokens`, { ...options, params: { id: String(id) } });
const countOf = (id: string | number, options: CallOptions = {}) =>
  call(count.GET, 'GET', `/api/users/${id}/accessTokens/count`, { ...options, params: { id: String(id) } });
const revokeOne = (id: string | number, tokenId: string, options: CallOptions = {}) =>
  call(one.DELETE, 'DELETE', `/api/users/${id}/accessTokens/${tokenId}`, { ...options, params: { id: String(id), tokenId } });
const me = (token: string) => call(getUser, 'GET', '/api/users/me', { token, params: { id: 'me' } });

describe('GET /api/users/{id|me}/accessTokens', () => {
  it('lists the live login sessions by handle, never the secret, marking the current one', async () => {
    const { user, token } = await account('list@example.com');
    const phone = await loginAs('list@example.com', { userAgent: 'Phone/2.0', ttl: 600 });
    const expired = await loginAs('list@example.com', { ttl: 60 });
    await ageToken(expired, 120);
    await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });

    const answer = await list('me', { token });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.json).toHaveLength(2);
    for (const session of answer.json) {
      expect(Object.keys(session)).toEqual(['id', 'ttl', 'created', 'userId', 'lastUsed', 'userAgent', 'current']);
      expect(session.userId).toBe(user.id);
      expect(session.id).toMatch(/^[A-Za-z0-9]{20}$/);
    }
    for (const secret of [token, phone, expired]) expect(answer.text).not.toContain(secret);
    for (const secret of [token, phone]) expect(answer.text).not.toContain((await tokenRow(secret))!.id);
    const current = answer.json.find((s: { current: boolean }) => s.current);
    expect(current.ttl).toBe(1209600);
    expect(current.lastUsed).toEqual(expect.any(String));
    const other = answer.json.find((s: { current: boolean }) => !s.current);
    expect(other).toMatchObject({ ttl: 600, userAgent: 'Phone/2.0', lastUsed: null, current: false });

    const byId = await list(user.id, { token: phone });
    expect(byId.json.map((s: { current: boolean; ttl: number }) => [s.ttl, s.current])).toEqual([
      [1209600, false],
      [600, true],
    ]);
  });

  it('is owner-only', async () => {
    const alice = await account('list-alice@example.com');
    const bob = await account('list-bob@example.com');
    expectAuthorizationRequired(await list(alice.user.id));
    expectAuthorizationRequired(await list(alice.user.id, { token: bob.token }));
    expectAuthorizationRequired(await list('me', { token: 'unknown' }));
  });
});

describe('GET /api/users/{id|me}/accessTokens/count', () => {
  it('counts the live login sessions', async () => {
    const { user, token } = await account('count@example.com');
    await loginAs('count@example.com');
    const expired = await loginAs('count@example.com', { ttl: 60 });
    await ageToken(expired, 61);
    await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });
    const answer = await countOf('me', { token });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ count: 2 });
    expect((await countOf(user.id, { token })).json).toEqual({ count: 2 });
  });

  it('is owner-only', async () => {
    const alice = await account('count-alice@example.com');
    const bob = await account('count-bob@example.com');
    expectAuthorizationRequired(await countOf(alice.user.id));
    expectAuthorizationRequired(await countOf(alice.user.id, { token: bob.token }));
  });
});

describe('DELETE /api/users/{id|me}/accessTokens/{handle}', () => {
  it('revokes that one session', async () => {
    const { user, token } = await account('one@example.com');
    const laptop = await loginAs('one@example.com', { userAgent: 'Laptop' });
    const sessions = (await list('me', { token })).json as { id: string; userAgent: string | null }[];
    const handle = sessions.find((s) => s.userAgent === 'Laptop')!.id;
    const answer = await revokeOne('me', handle, { token });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(await tokenRow(laptop)).toBeUndefined();
    expectAuthorizationRequired(await me(laptop));
    expect((await me(token)).status).toBe(200);
    expect(await tokenCount(user.id)).toBe(1);
  });

  it("answers 404 for an unknown handle, and will not take the secret, its hash, or another user's handle", async () => {
    const alice = await account('one-alice@example.com');
    const bob = await account('one-bob@example.com');
    const bobHandle = (await list('me', { token: bob.token })).json[0].id;
    const aliceHash = (await tokenRow(alice.token))!.id;
    for (const tokenId of ['nope', alice.token, aliceHash, bobHandle, "' or 1=1 --"]) {
      expectError(await revokeOne('me', tokenId, { token: alice.token }), 404, 'Unknown "AccessToken" id', 'MODEL_NOT_FOUND');
    }
    expect(await tokenRow(alice.token)).toBeDefined();
    expect(await tokenRow(bob.token)).toBeDefined();
  });

  it('is owner-only', async () => {
    const alice = await account('one-alice2@example.com');
    const bob = await account('one-bob2@example.com');
    const handle = (await list('me', { token: alice.token })).json[0].id;
    expectAuthorizationRequired(await revokeOne(alice.user.id, handle));
    expectAuthorizationRequired(await revokeOne(alice.user.id, handle, { token: bob.token }));
    expectAuthorizationRequired(await revokeOne(bob.user.id, handle, { token: alice.token }));
    expect(await tokenRow(alice.token)).toBeDefined();
  });

  it('GET shows that one session, owner-only', async () => {
    const alice = await account('one-get@example.com');
    const handle = (await list('me', { token: alice.token })).json[0].id;
    const path = `/api/users/me/accessTokens/${handle}`;
    const answer = await call(one.GET, 'GET', path, { token: alice.token, params: { id: 'me', tokenId: handle } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: handle, current: true });
    expectAuthorizationRequired(await call(one.GET, 'GET', path, { params: { id: 'me', tokenId: handle } }));
  });
});

describe('DELETE /api/users/{id|me}/accessTokens (log out everywhere)', () => {
  it('revokes every token of the owner, the current one too', async () => {
    const alice = await account('all-alice@example.com');
    const bob = await account('all-bob@example.com');
    const other = await loginAs('all-alice@example.com');
    const answer = await revokeAll('me', { token: alice.token });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ count: 2 });
    expect(await tokenCount(alice.user.id)).toBe(0);
    expectAuthorizationRequired(await me(alice.token));
    expectAuthorizationRequired(await me(other));
    expect(await tokenCount(bob.user.id)).toBe(1);
  });

  it('is owner-only', async () => {
    const alice = await account('all-alice2@example.com');
    const bob = await account('all-bob2@example.com');
    expectAuthorizationRequired(await revokeAll(alice.user.id));
    expectAuthorizationRequired(await revokeAll(alice.user.id, { token: bob.token }));
    expect(await tokenCount(alice.user.id)).toBe(1);
  });
});

describe('other verbs on the accessTokens paths', () => {
  it('answer as LoopBack does: 401 where it falls through to a denied method, JSON 404 otherwise', async () => {
    const { user, token } = await account('verbs-tokens@example.com');
    const id = String(user.id);
    const base = `/api/users/${id}/accessTokens`;
    expectAuthorizationRequired(await call(POST, 'POST', base, { token, params: { id }, body: {} }));
    expectError(await call(PUT, 'PUT', base, { token, params: { id } }), 404, `Shared class "User" has no method handling PUT /${id}/accessTokens`);
    expectError(
      await call(PATCH, 'PATCH', base, { token, params: { id } }),
      404,
      `Shared class "User" has no method handling PATCH /${id}/accessTokens`,
    );
    expectAuthorizationRequired(await call(count.PUT, 'PUT', `${base}/count`, { token, params: { id } }));
    expectAuthorizationRequired(await call(count.DELETE, 'DELETE', `${base}/count`, { token, params: { id } }));
    expectError(
      await call(count.POST, 'POST', `${base}/count`, { token, params: { id } }),
      404,
      `Shared class "User" has no method handling POST /${id}/accessTokens/count`,
    );
    expectError(await call(count.PATCH, 'PATCH', `${base}/count`, { token, params: { id } }), 404, /no method handling PATCH/);
    expectAuthorizationRequired(await call(one.PUT, 'PUT', `${base}/abc`, { token, params: { id, tokenId: 'abc' } }));
    expectError(
      await call(one.POST, 'POST', `${base}/abc`, { token, params: { id, tokenId: 'abc' } }),
      404,
      `Shared class "User" has no method handling POST /${id}/accessTokens/abc`,
    );
    expectError(await call(one.PATCH, 'PATCH', `${base}/abc`, { token, params: { id, tokenId: 'abc' } }), 404, /no method handling PATCH/);
    expect(await tokenCount(user.id)).toBe(1);
  });
});
