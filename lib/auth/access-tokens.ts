import { and, count, desc, eq, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import { accessTokens, getDb, users, type AccessTokenRow, type Database, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { recordEvent } from './audit';
import type { RequestContext } from './context';
import { randomToken, sha256 } from './random';

export const DEFAULT_SCOPE = 'DEFAULT';
export const RESET_PASSWORD_SCOPE = 'reset-password';

/**
 * `last used` is written at most this often per token, so reads stay reads. SESSION_IDLE_TIMEOUT
 * is at least five times this, so a session in use is never taken for an idle one.
 */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The words for a token, used throughout: the `rawToken` is what the client holds (never stored),
 * the `tokenHash` its SHA-256, stored as the row's id, and the `handle` a public id for a session,
 * shown in listings and the account page, from which neither can be learnt.
 */

/** The token to spare when a user's tokens are revoked: the caller's own session, by its hash. */
export interface KeepToken {
  keepTokenHash?: string;
}

/** The database or an open transaction on it. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * What a client sees of a token it was just given: LoopBack's AccessToken JSON, so `id` is the
 * raw token itself (shown this once; only its hash is stored).
 */
export interface IssuedToken {
  id: string;
  ttl: number;
  created: string;
  userId: number;
}

function isExpired(token: Pick<AccessTokenRow, 'ttl' | 'createdAt'>, now = Date.now()): boolean {
  return token.ttl !== -1 && now >= token.createdAt.getTime() + token.ttl * 1000;
}

/** A browser session left unused for SESSION_IDLE_TIMEOUT seconds; REST tokens never idle out. */
function isIdle(token: Pick<AccessTokenRow, 'browser' | 'createdAt' | 'lastUsedAt'>, now = Date.now()): boolean {
  if (!token.browser || env.SESSION_IDLE_TIMEOUT === 0) return false;
  const lastSeen = (token.lastUsedAt ?? token.createdAt).getTime();
  return now >= lastSeen + env.SESSION_IDLE_TIMEOUT * 1000;
}

export interface IssueOptions {
  userId: number;
  ttl: number;
  scopes?: string[];
  userAgent?: string | null;
  sourceAddress?: string | null;
  /** Issued to the browser UI, so subject to SESSION_IDLE_TIMEOUT. */
  browser?: boolean;
}

/** Issues a token under the user's current credentials. */
export async function issueAccessToken(options: IssueOptions): Promise<{ token: IssuedToken; row: AccessTokenRow }> {
  const issued = await insertToken(options, undefined);
  if (!issued) throw new Error(`access token insert found no user ${options.userId}`);
  return issued;
}

/**
 * Issues a token only while the user's `credential_version` is still the one read before the
 * password was checked: a reset, change or email change that committed in between (the other
 * tokens already revoked) makes this return null, so the login fails rather than outlive it.
 */
export async function issueAccessTokenIfCurrent(
  options: IssueOptions & { credentialVersion: number },
  executor?: Executor,
): Promise<{ token: IssuedToken; row: AccessTokenRow } | null> {
  return insertToken(options, options.credentialVersion, executor);
}

async function insertToken(options: IssueOptions, credentialVersion: number | undefined, executor?: Executor) {
  const db = executor ?? (await getDb());
  const rawToken = randomToken(64);
  const tokenHash = sha256(rawToken);
  const scopes = options.scopes ?? [DEFAULT_SCOPE];
  // INSERT … SELECT from the user's row: the check of the version and the insert are one statement.
  const source = db
    .select({
      id: sql`${tokenHash}`.as('id'),
      handle: sql`${randomToken(20)}`.as('handle'),
      userId: users.id,
      ttl: sql`${options.ttl}::integer`.as('ttl'),
      scopes: sql`array[${sql.join(
        scopes.map((scope) => sql`${scope}`),
        sql`, `,
      )}]::text[]`.as('scopes'),
      createdAt: sql`now()`.as('created_at'),
      lastUsedAt: sql`null::timestamptz`.as('last_used_at'),
      userAgent: sql`${options.userAgent?.slice(0, 512) ?? null}::text`.as('user_agent'),
      credentialVersion: users.credentialVersion,
      browser: sql`${options.browser ?? false}::boolean`.as('browser'),
      // In the table's column order: INSERT … SELECT maps by position.
      sourceAddress: sql`${options.sourceAddress?.slice(0, 64) ?? null}::text`.as('source_address'),
    })
    .from(users)
    .where(
      credentialVersion === undefined
        ? eq(users.id, options.userId)
        : and(eq(users.id, options.userId), eq(users.credentialVersion, credentialVersion)),
    );
  const [row] = await db.insert(accessTokens).select(source).returning();
  if (!row) return null;
  if (scopes.includes(DEFAULT_SCOPE)) await evictBeyondCap(row);
  return { token: { id: rawToken, ttl: row.ttl, created: row.createdAt.toISOString(), userId: row.userId }, row };
}

/**
 * Keeps at most MAX_SESSIONS_PER_USER live sessions: the new one and the most recently used of the
 * rest. The login is never refused; the sessions least recently used make room.
 */
async function evictBeyondCap(issued: AccessTokenRow): Promise<void> {
  const db = await getDb();
  const keep = db
    .select({ id: accessTokens.id })
    .from(accessTokens)
    .where(and(liveLoginTokens(issued.userId), ne(accessTokens.id, issued.id)))
    .orderBy(desc(sql`coalesce(${accessTokens.lastUsedAt}, ${accessTokens.createdAt})`), desc(accessTokens.createdAt))
    .limit(env.MAX_SESSIONS_PER_USER - 1);
  await db
    .delete(accessTokens)
    .where(
      and(
        eq(accessTokens.userId, issued.userId),
        sql`${DEFAULT_SCOPE} = any(${accessTokens.scopes})`,
        ne(accessTokens.id, issued.id),
        notInArray(accessTokens.id, keep),
      ),
    );
}

/**
 * Marks the user's credentials as changed, inside the caller's transaction: bumps
 * `credential_version` and revokes every token of theirs but `keepTokenHash` (the caller's own
 * session, re-stamped with the new number). A login that checked the old password can then issue
 * nothing, and any token it issued before the commit no longer validates. Returns the new version.
 */
export async function bumpCredentialVersion(tx: Executor, userId: number, options: KeepToken = {}): Promise<number | null> {
  const [bumped] = await tx
    .update(users)
    .set({ credentialVersion: sql`${users.credentialVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ version: users.credentialVersion });
  if (!bumped) return null;
  const { keepTokenHash } = options;
  await deleteUserTokens(tx, userId, options);
  if (keepTokenHash) {
    await tx
      .update(accessTokens)
      .set({ credentialVersion: bumped.version })
      .where(and(eq(accessTokens.id, keepTokenHash), eq(accessTokens.userId, userId)));
  }
  return bumped.version;
}

/**
 * `bumpCredentialVersion` in a transaction of its own, for a change that has just taken effect
 * elsewhere (an email change): every session but `keepTokenHash` ends, and logins in flight fail.
 */
export async function revokeSessionsAfterCredentialChange(userId: number, options: KeepToken = {}): Promise<number | null> {
  const db = await getDb();
  return db.transaction((tx) => bumpCredentialVersion(tx, userId, options));
}

/**
 * The token check's query, built once per database: every authenticated request runs it, and
 * building it anew (drizzle's query builder, then its SQL text) cost more than a tenth of a
 * `GET /api/users/me` in the profiles (bench/README.md). It reads the database on every call: a
 * revoked token fails on the next request.
 */
const tokenLookups = new WeakMap<Database, ReturnType<typeof buildTokenLookup>>();

function buildTokenLookup(db: Database) {
  return db
    .select({ token: accessTokens, user: users })
    .from(accessTokens)
    .innerJoin(users, and(eq(users.id, accessTokens.userId), eq(users.credentialVersion, accessTokens.credentialVersion)))
    .where(eq(accessTokens.id, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('latchkey_token_lookup');
}

function tokenLookup(db: Database): ReturnType<typeof buildTokenLookup> {
  let lookup = tokenLookups.get(db);
  if (!lookup) {
    lookup = buildTokenLookup(db);
    tokenLookups.set(db, lookup);
  }
  return lookup;
}

export type TokenCheck = { status: 'valid'; token: AccessTokenRow; user: User } | { status: 'expired' } | { status: 'unknown' };

/**
 * Resolves a presented token with one indexed lookup (token hash joined to its user, on the same
 * credential version). A token of another scope, or issued under credentials since changed, is
 * treated as unknown; an expired or idle one is deleted and reported as expired.
 */
export async function validateAccessToken(rawToken: string, scope = DEFAULT_SCOPE): Promise<TokenCheck> {
  if (rawToken.length === 0 || rawToken.length > 512) return { status: 'unknown' };
  const db = await getDb();
  const tokenHash = sha256(rawToken);
  const [found] = await tokenLookup(db).execute({ tokenHash });
  if (!found || !found.token.scopes.includes(scope)) return { status: 'unknown' };
  const now = Date.now();
  if (isExpired(found.token, now) || isIdle(found.token, now)) {
    await db.delete(accessTokens).where(eq(accessTokens.id, tokenHash));
    return { status: 'expired' };
  }
  const lastUsed = found.token.lastUsedAt?.getTime() ?? 0;
  if (now - lastUsed >= LAST_USED_GRANULARITY_MS) {
    const at = new Date(now);
    await db.update(accessTokens).set({ lastUsedAt: at }).where(eq(accessTokens.id, tokenHash));
    found.token.lastUsedAt = at;
  }
  return { status: 'valid', token: found.token, user: found.user };
}

/**
 * Deletes one presented token (log out). True when it was still valid: an expired token is deleted
 * too, but reported as absent, as LoopBack's logout refuses a token that no longer authenticates.
 */
export async function revokeAccessToken(rawToken: string): Promise<boolean> {
  return (await revokeAccessTokenOf(rawToken)) !== null;
}

/** As `revokeAccessToken`, naming whose token it was (null when there was no valid one). */
export async function revokeAccessTokenOf(rawToken: string): Promise<{ userId: number } | null> {
  const db = await getDb();
  const deleted = await db
    .delete(accessTokens)
    .where(eq(accessTokens.id, sha256(rawToken)))
    .returning({ ttl: accessTokens.ttl, createdAt: accessTokens.createdAt, userId: accessTokens.userId });
  const live = deleted.find((token) => !isExpired(token));
  return live ? { userId: live.userId } : null;
}

/** Revokes every token of a user, optionally sparing one (the caller's own session). */
export async function revokeUserTokens(userId: number, options: KeepToken = {}): Promise<number> {
  return deleteUserTokens(await getDb(), userId, options);
}

async function deleteUserTokens(executor: Executor, userId: number, { keepTokenHash }: KeepToken): Promise<number> {
  const where = keepTokenHash ? and(eq(accessTokens.userId, userId), ne(accessTokens.id, keepTokenHash)) : eq(accessTokens.userId, userId);
  const deleted = await executor.delete(accessTokens).where(where).returning({ id: accessTokens.id });
  return deleted.length;
}

/** Revokes a user's tokens of one scope (a newer reset link supersedes the older ones). */
export async function revokeUserTokensOfScope(userId: number, scope: string, executor?: Executor): Promise<number> {
  const db = executor ?? (await getDb());
  const deleted = await db
    .delete(accessTokens)
    .where(and(eq(accessTokens.userId, userId), sql`${scope} = any(${accessTokens.scopes})`))
    .returning({ id: accessTokens.id });
  return deleted.length;
}

/**
 * Spends a single-use token inside the caller's transaction: deletes its row if it is still there
 * and of `scope`. Of callers racing with one token, exactly one gets true.
 */
export async function spendAccessToken(tx: Executor, tokenHash: string, scope: string): Promise<boolean> {
  const spent = await tx
    .delete(accessTokens)
    .where(and(eq(accessTokens.id, tokenHash), sql`${scope} = any(${accessTokens.scopes})`))
    .returning({ id: accessTokens.id });
  return spent.length > 0;
}

/** Whether the user holds any token at all, live or not (they have logged in at some point). */
export async function hasAnyToken(userId: number): Promise<boolean> {
  const db = await getDb();
  const [token] = await db.select({ id: accessTokens.id }).from(accessTokens).where(eq(accessTokens.userId, userId)).limit(1);
  return token !== undefined;
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

/**
 * A live session in the REST listing, LoopBack's AccessToken JSON: its `id` is the session's
 * public handle, never the raw token nor its hash.
 */
export interface SessionJSON {
  id: string;
  ttl: number;
  created: string;
  userId: number;
  lastUsed: string | null;
  userAgent: string | null;
  current: boolean;
}

/** The token is past its ttl, idle past SESSION_IDLE_TIMEOUT, or of credentials since changed. */
const deadToken = () =>
  or(
    and(ne(accessTokens.ttl, -1), lt(sql`${accessTokens.createdAt} + ${accessTokens.ttl} * interval '1 second'`, sql`now()`)),
    env.SESSION_IDLE_TIMEOUT === 0
      ? undefined
      : and(
          eq(accessTokens.browser, true),
          lt(sql`coalesce(${accessTokens.lastUsedAt}, ${accessTokens.createdAt})`, sql`now() - ${env.SESSION_IDLE_TIMEOUT} * interval '1 second'`),
        ),
    sql`${accessTokens.credentialVersion} <> (select ${users.credentialVersion} from ${users} where ${users.id} = ${accessTokens.userId})`,
  );

function liveLoginTokens(userId: number) {
  return and(eq(accessTokens.userId, userId), sql`${DEFAULT_SCOPE} = any(${accessTokens.scopes})`, sql`not (${deadToken()})`);
}

/** The account page's view of a session: the REST listing's fields and the address it was issued to. */
export interface SessionDetail extends Omit<SessionJSON, 'id'> {
  handle: string;
  sourceAddress: string | null;
}

/** `currentTokenHash` marks the caller's own session as `current`. */
export async function listUserTokens(userId: number, currentTokenHash?: string): Promise<SessionJSON[]> {
  // The REST listing keeps LoopBack's shape; the address is for the owner's own page only.
  const sessions = await listUserSessions(userId, currentTokenHash);
  return sessions.map((s) => ({
    id: s.handle,
    ttl: s.ttl,
    created: s.created,
    userId: s.userId,
    lastUsed: s.lastUsed,
    userAgent: s.userAgent,
    current: s.current,
  }));
}

export async function listUserSessions(userId: number, currentTokenHash?: string): Promise<SessionDetail[]> {
  const db = await getDb();
  const rows = await db.select().from(accessTokens).where(liveLoginTokens(userId)).orderBy(accessTokens.createdAt);
  return rows.map((row) => ({
    sourceAddress: row.sourceAddress,
    handle: row.handle,
    ttl: row.ttl,
    created: row.createdAt.toISOString(),
    userId: row.userId,
    lastUsed: row.lastUsedAt?.toISOString() ?? null,
    userAgent: row.userAgent,
    current: row.id === currentTokenHash,
  }));
}

export async function countUserTokens(userId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(accessTokens).where(liveLoginTokens(userId));
  return row?.n ?? 0;
}

/** Deletes every expired or idle token, and those of changed credentials; returns how many went. */
export async function sweepExpiredTokens(): Promise<number> {
  const db = await getDb();
  const deleted = await db.delete(accessTokens).where(deadToken()).returning({ id: accessTokens.id });
  return deleted.length;
}

/** Ends one of the owner's sessions ("log out" on a device), on the audit trail. */
export async function revokeSession(userId: number, handle: string, context: RequestContext = {}): Promise<boolean> {
  const revoked = await revokeUserTokenByHandle(userId, handle);
  if (revoked) await recordEvent({ type: 'token_revoked', outcome: 'success', userId }, context);
  return revoked;
}

/** Ends every session of the owner, or every one but the caller's ("log out everywhere else"). */
export async function revokeAllSessions(userId: number, context: RequestContext & KeepToken = {}): Promise<number> {
  const count = await revokeUserTokens(userId, { keepTokenHash: context.keepTokenHash });
  await recordEvent({ type: 'tokens_revoked', outcome: 'success', userId, reason: context.keepTokenHash ? 'others' : 'all' }, context);
  return count;
}
