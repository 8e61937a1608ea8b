import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  countUserTokens,
  issueAccessToken,
  issueAccessTokenIfCurrent,
  listUserSessions,
  listUserTokens,
  login,
  RESET_PASSWORD_SCOPE,
  revokeAccessToken,
  revokeSessionsAfterCredentialChange,
  revokeUserTokens,
  sweepExpiredTokens,
  validateAccessToken,
} from '@/lib/auth';
import { accessTokens, getDb } from '@/lib/db';
import { randomToken, sha256 } from './random';
import { ageToken, loginAs, PASSWORD, signUp, storedUser, tokenCount, tokenRow } from '@/test/accounts';

async function setLastUsed(raw: string, at: Date | null) {
  const db = await getDb();
  await db
    .update(accessTokens)
    .set({ lastUsedAt: at })
    .where(eq(accessTokens.id, sha256(raw)));
}

describe('randomToken', () => {
  it('gives 64 characters of [A-Za-z0-9], different every time', () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomToken(64)));
    expect(seen.size).toBe(200);
    for (const token of seen) expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('uses every character of the alphabet', () => {
    const chars = new Set(Array.from({ length: 100 }, () => randomToken(64)).join(''));
    expect(chars.size).toBe(62);
  });
});

describe('issueAccessToken', () => {
  it('stores only the SHA-256 of the token, with a public handle and the default scope', async () => {
    const user = await signUp('issue@example.com');
    const { token, row } = await issueAccessToken({ userId: user.id, ttl: 60, userAgent: 'x'.repeat(1000) });
    expect(token).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9]{64}$/), ttl: 60, created: row.createdAt.toISOString(), userId: user.id });
    expect(row.id).toBe(sha256(token.id));
    expect(row.handle).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(row.scopes).toEqual(['DEFAULT']);
    expect(row.userAgent).toHaveLength(512);
    expect(JSON.stringify(await tokenRow(token.id))).not.toContain(token.id);
  });

  it("remembers the address a login came from, for its owner's page but not the REST listing", async () => {
    const user = await signUp('address@example.com');
    const first = await login({ email: 'address@example.com', password: PASSWORD }, { sourceAddress: '203.0.113.7', userAgent: 'ua' });
    const second = await login({ email: 'address@example.com', password: PASSWORD }, { sourceAddress: '2001:db8::1', userAgent: 'ua' });
    if (!first.ok || !second.ok) throw new Error('login failed');
    const sessions = await listUserSessions(user.id);
    expect(sessions.map((s) => s.sourceAddress).sort()).toEqual(['2001:db8::1', '203.0.113.7']);
    const listed = await listUserTokens(user.id);
    expect(listed).toHaveLength(2);
    for (const session of listed) expect(Object.keys(session).sort()).toEqual(['created', 'current', 'id', 'lastUsed', 'ttl', 'userAgent', 'userId']);
  });
});

describe('validateAccessToken', () => {
  it('knows a live token and its user', async () => {
    const user = await signUp('valid@example.com');
    const raw = await loginAs('valid@example.com');
    const check = await validateAccessToken(raw);
    expect(check.status).toBe('valid');
    if (check.status === 'valid') expect(check.user.id).toBe(user.id);
  });

  it('treats an empty, unknown, over-long or revoked token as unknown', async () => {
    await signUp('unknown@example.com');
    const raw = await loginAs('unknown@example.com');
    expect(await validateAccessToken('')).toEqual({ status: 'unknown' });
    expect(await validateAccessToken(randomToken(64))).toEqual({ status: 'unknown' });
    expect(await validateAccessToken('x'.repeat(513))).toEqual({ status: 'unknown' });
    expect(await validateAccessToken(sha256(raw))).toEqual({ status: 'unknown' });
    await revokeAccessToken(raw);
    expect(await validateAccessToken(raw)).toEqual({ status: 'unknown' });
  });

  it('treats a token of another scope as unknown, and a login token as unknown where a reset token is needed', async () => {
    const user = await signUp('scope@example.com');
    const reset = await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });
    expect((await validateAccessToken(reset.token.id)).status).toBe('unknown');
    expect((await validateAccessToken(reset.token.id, RESET_PASSWORD_SCOPE)).status).toBe('valid');
    const login = await loginAs('scope@example.com');
    expect((await validateAccessToken(login, RESET_PASSWORD_SCOPE)).status).toBe('unknown');
  });

  it('is valid while now < created + ttl, then expired and deleted', async () => {
    await signUp('expiry@example.com');
    const raw = await loginAs('expiry@example.com', { ttl: 60 });
    await ageToken(raw, 59);
    expect((await validateAccessToken(raw)).status).toBe('valid');
    await ageToken(raw, 1);
    expect(await validateAccessToken(raw)).toEqual({ status: 'expired' });
    expect(await tokenRow(raw)).toBeUndefined();
    expect(await validateAccessToken(raw)).toEqual({ status: 'unknown' });
  });

  it("deletes only the expired token, not the user's others", async () => {
    const user = await signUp('expired-me@example.com');
    const raw = await loginAs('expired-me@example.com', { ttl: 60 });
    const other = await loginAs('expired-me@example.com');
    await ageToken(raw, 3600);
    expect(await validateAccessToken(raw)).toEqual({ status: 'expired' });
    expect(await tokenRow(raw)).toBeUndefined();
    expect(await tokenCount(user.id)).toBe(1);
    expect(await tokenRow(other)).toBeDefined();
  });

  it('writes last-used at most once a minute', async () => {
    await signUp('last-used@example.com');
    const raw = await loginAs('last-used@example.com');
    expect((await tokenRow(raw))?.lastUsedAt).toBeNull();

    await validateAccessToken(raw);
    const first = (await tokenRow(raw))?.lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - first!.getTime())).toBeLessThan(5000);

    await validateAccessToken(raw);
    await validateAccessToken(raw);
    expect((await tokenRow(raw))?.lastUsedAt).toEqual(first);

    const aWhileAgo = new Date(Date.now() - 59_000);
    await setLastUsed(raw, aWhileAgo);
    await validateAccessToken(raw);
    expect((await tokenRow(raw))?.lastUsedAt).toEqual(aWhileAgo);

    const overAMinuteAgo = new Date(Date.now() - 61_000);
    await setLastUsed(raw, overAMinuteAgo);
    const check = await validateAccessToken(raw);
    const written = (await tokenRow(raw))?.lastUsedAt;
    expect(written!.getTime()).toBeGreaterThan(overAMinuteAgo.getTime() + 60_000);
    if (check.status === 'valid') expect(check.token.lastUsedAt).toEqual(written);
  });
});

describe('listing, counting and revoking', () => {
  it('lists and counts live login tokens only', async () => {
    const user = await signUp('live@example.com');
    const a = await loginAs('live@example.com');
    const b = await loginAs('live@example.com', { ttl: 60 });
    await ageToken(b, 60);
    await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });
    const sessions = await listUserTokens(user.id, sha256(a));
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ current: true, userId: user.id });
    expect(await countUserTokens(user.id)).toBe(1);
  });

  it('revokeUserTokens spares the one it is told to', async () => {
    const user = await signUp('revoke-all@example.com');
    const keep = await loginAs('revoke-all@example.com');
    await loginAs('revoke-all@example.com');
    await loginAs('revoke-all@example.com');
    expect(await revokeUserTokens(user.id, { keepTokenHash: sha256(keep) })).toBe(2);
    expect(await tokenCount(user.id)).toBe(1);
    expect(await tokenRow(keep)).toBeDefined();
    expect(await revokeUserTokens(user.id)).toBe(1);
  });
});

describe('sweepExpiredTokens', () => {
  it('deletes every expired token and nothing else', async () => {
    const user = await signUp('sweep@example.com');
    await sweepExpiredTokens();
    const live = await loginAs('sweep@example.com', { ttl: 60 });
    const expired = await loginAs('sweep@example.com', { ttl: 60 });
    const longGone = await loginAs('sweep@example.com');
    const reset = await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });
    await ageToken(live, 30);
    await ageToken(expired, 61);
    await ageToken(longGone, 1209600 + 1);
    await ageToken(reset.token.id, 901);
    expect(await sweepExpiredTokens()).toBe(3);
    expect(await tokenRow(live)).toBeDefined();
    for (const raw of [expired, longGone, reset.token.id]) expect(await tokenRow(raw)).toBeUndefined();
    expect(await sweepExpiredTokens()).toBe(0);
  });

  it('keeps eternal tokens', async () => {
    const user = await signUp('eternal@example.com');
    const { token } = await issueAccessToken({ userId: user.id, ttl: -1 });
    await ageToken(token.id, 10 * 365 * 86400);
    expect(await sweepExpiredTokens()).toBe(0);
    expect((await validateAccessToken(token.id)).status).toBe('valid');
  });
});

describe('revokeSessionsAfterCredentialChange', () => {
  it('ends every session but the one spared, voids a token of the old version, and lets the sweeper remove it', async () => {
    const user = await signUp('credentials@example.com');
    const keep = await loginAs('credentials@example.com');
    const other = await loginAs('credentials@example.com');
    const before = await storedUser(user.id);
    expect(await revokeSessionsAfterCredentialChange(user.id, { keepTokenHash: sha256(keep) })).toBe(before!.credentialVersion + 1);
    expect((await validateAccessToken(keep)).status).toBe('valid');
    expect(await tokenRow(other)).toBeUndefined();
    expect(await issueAccessTokenIfCurrent({ userId: user.id, ttl: 60, credentialVersion: before!.credentialVersion })).toBeNull();

    // A row written under the old version, as by a login that lost the race before this check existed.
    const db = await getDb();
    const stale = await loginAs('credentials@example.com');
    await db
      .update(accessTokens)
      .set({ credentialVersion: before!.credentialVersion })
      .where(eq(accessTokens.id, sha256(stale)));
    expect((await validateAccessToken(stale)).status).toBe('unknown');
    expect(await countUserTokens(user.id)).toBe(1);
    expect(await tokenCount(user.id)).toBe(2);
    expect(await sweepExpiredTokens()).toBe(1);
    expect(await tokenRow(stale)).toBeUndefined();
  });
});
