import { and, count, eq, gt, lt, ne, or, sql } from 'drizzle-orm';
import { accessTokens, getDb, users, type AccessTokenRow, type User } from '@/lib/db';
import { recordEvent, type RequestContext } from './audit';
import { randomToken, sha256 } from './random';

export const DEFAULT_SCOPE = 'DEFAULT';
export const RESET_PASSWORD_SCOPE = 'reset-password';

/** `last used` is written at most this often per token, so reads stay reads. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** What a client sees of a token it was just given: LoopBack's AccessToken JSON. */
export interface IssuedToken {
  id: string;
  ttl: number;
  created: string;
  userId: number;
}

export function isExpired(token: Pick<AccessTokenRow, 'ttl' | 'createdAt'>, now = Date.now()): boolean {
  return token.ttl !== -1 && now >= token.createdAt.getTime() + token.ttl * 1000;
}

export async function issueAccessToken(options: {
  userId: number;
  ttl: number;
  scopes?: string[];
  userAgent?: string | null;
  sourceAddress?: string | null;
}): Promise<{ token: IssuedToken; row: AccessTokenRow }> {
  const db = await getDb();
  const raw = randomToken(64);
  const [row] = await db
    .insert(accessTokens)
    .values({
      id: sha256(raw),
      handle: randomToken(20),
      userId: options.userId,
      ttl: options.ttl,
      scopes: options.scopes ?? [DEFAULT_SCOPE],
      createdAt: new Date(),
      userAgent: options.userAgent?.slice(0, 512) ?? null,
      sourceAddress: options.sourceAddress?.slice(0, 64) ?? null,
    })
    .returning();
  if (!row) throw new Error('access token insert returned no row');
  return { token: { id: raw, ttl: row.ttl, created: row.createdAt.toISOString(), userId: row.userId }, row };
}

export type TokenCheck =
  | { status: 'valid'; token: AccessTokenRow; user: User }
  | { status: 'expired' }
  | { status: 'unknown' };

/**
 * Resolves a presented token with one indexed lookup (token hash joined to its user). A token of
 * another scope is treated as unknown; an expired one is deleted and reported as expired.
 */
export async function validateAccessToken(raw: string, scope = DEFAULT_SCOPE): Promise<TokenCheck> {
  if (raw.length === 0 || raw.length > 512) return { status: 'unknown' };
  const db = await getDb();
  const id = sha256(raw);
  const [found] = await db
    .select({ token: accessTokens, user: users })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(eq(accessTokens.id, id))
    .limit(1);
  if (!found || !found.token.scopes.includes(scope)) return { status: 'unknown' };
  const now = Date.now();
  if (isExpired(found.token, now)) {
    await db.delete(accessTokens).where(eq(accessTokens.id, id));
    return { status: 'expired' };
  }
  const lastUsed = found.token.lastUsedAt?.getTime() ?? 0;
  if (now - lastUsed >= LAST_USED_GRANULARITY_MS) {
    const at = new Date(now);
    await db.update(accessTokens).set({ lastUsedAt: at }).where(eq(accessTokens.id, id));
    found.token.lastUsedAt = at;
  }
  return { status: 'valid', token: found.token, user: found.user };
}

/**
 * Deletes one presented token (log out). True when it was still valid: an expired token is deleted
 * too, but reported as absent, as LoopBack's logout refuses a token that no longer authenticates.
 */
export async function revokeAccessToken(raw: string): Promise<boolean> {
  return (await revokeAccessTokenOf(raw)) !== null;
}

/** As `revokeAccessToken`, naming whose token it was (null when there was no valid one). */
export async function revokeAccessTokenOf(raw: string): Promise<{ userId: number } | null> {
  const db = await getDb();
  const deleted = await db
    .delete(accessTokens)
    .where(eq(accessTokens.id, sha256(raw)))
    .returning({ ttl: accessTokens.ttl, createdAt: accessTokens.createdAt, userId: accessTokens.userId });
  const live = deleted.find((token) => !isExpired(token));
  return live ? { userId: live.userId } : null;
}

/** Revokes every token of a user, optionally sparing one (the caller's own session). */
export async function revokeUserTokens(userId: number, options: { except?: string } = {}): Promise<number> {
  const db = await getDb();
  const where = options.except
    ? and(eq(accessTokens.userId, userId), ne(accessTokens.id, options.except))
    : eq(accessTokens.userId, userId);
  const deleted = await db.delete(accessTokens).where(where).returning({ id: accessTokens.id });
  return deleted.length;
}

/** Revokes one of a user's sessions by its public handle. True when it existed. */
export async function revokeUserTokenByHandle(userId: number, handle: string): Promise<boolean> {
  const db = await getDb();
  const deleted = await db
    .delete(accessTokens)
    .where(and(eq(accessTokens.userId, userId), eq(accessTokens.handle, handle)))
    .returning({ id: accessTokens.id });
  return deleted.length > 0;
}

/** A live session as its owner sees it: never the secret, only a handle. */
export interface SessionInfo {
  id: string;
  ttl: number;
  created: string;
  userId: number;
  lastUsed: string | null;
  userAgent: string | null;
  current: boolean;
}

const liveLoginTokens = (userId: number) =>
  and(
    eq(accessTokens.userId, userId),
    sql`${DEFAULT_SCOPE} = any(${accessTokens.scopes})`,
    or(eq(accessTokens.ttl, -1), gt(sql`${accessTokens.createdAt} + ${accessTokens.ttl} * interval '1 second'`, sql`now()`)),
  );

/** The account page's view of a session: the REST listing's fields and the address it was issued to. */
export interface SessionDetail extends SessionInfo {
  sourceAddress: string | null;
}

export async function listUserTokens(userId: number, currentTokenId?: string): Promise<SessionInfo[]> {
  // The REST listing keeps LoopBack's shape; the address is for the owner's own page only.
  const sessions = await listUserSessions(userId, currentTokenId);
  return sessions.map((s) => ({ id: s.id, ttl: s.ttl, created: s.created, userId: s.userId, lastUsed: s.lastUsed, userAgent: s.userAgent, current: s.current }));
}

export async function listUserSessions(userId: number, currentTokenId?: string): Promise<SessionDetail[]> {
  const db = await getDb();
  const rows = await db.select().from(accessTokens).where(liveLoginTokens(userId)).orderBy(accessTokens.createdAt);
  return rows.map((row) => ({
    sourceAddress: row.sourceAddress,
    id: row.handle,
    ttl: row.ttl,
    created: row.createdAt.toISOString(),
    userId: row.userId,
    lastUsed: row.lastUsedAt?.toISOString() ?? null,
    userAgent: row.userAgent,
    current: row.id === currentTokenId,
  }));
}

export async function countUserTokens(userId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(accessTokens).where(liveLoginTokens(userId));
  return row?.n ?? 0;
}

/** Deletes every expired token; returns how many went. */
export async function sweepExpiredTokens(): Promise<number> {
  const db = await getDb();
  const deleted = await db
    .delete(accessTokens)
    .where(
      and(
        ne(accessTokens.ttl, -1),
        lt(sql`${accessTokens.createdAt} + ${accessTokens.ttl} * interval '1 second'`, sql`now()`),
      ),
    )
    .returning({ id: accessTokens.id });
  return deleted.length;
}


/** Ends one of the owner's sessions ("log out" on a device), on the audit trail. */
export async function revokeSession(userId: number, handle: string, context: RequestContext = {}): Promise<boolean> {
  const revoked = await revokeUserTokenByHandle(userId, handle);
  if (revoked) await recordEvent({ type: 'token_revoked', outcome: 'success', userId }, context);
  return revoked;
}

/** Ends every session of the owner, or every one but the caller's ("log out everywhere else"). */
export async function revokeAllSessions(userId: number, context: RequestContext & { except?: string } = {}): Promise<number> {
  const count = await revokeUserTokens(userId, { except: context.except });
  await recordEvent({ type: 'tokens_revoked', outcome: 'success', userId, reason: context.except ? 'others' : 'all' }, context);
  return count;
}
