import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_SCOPE, RESET_PASSWORD_SCOPE } from '@/lib/auth/access-tokens';
import { randomToken, sha256 } from '@/lib/auth/random';
import { uniqueScopeFor } from '@/lib/auth/realms';
import { normalizeEmail } from '@/lib/auth/user-records';
import { getDb, type Database } from '@/lib/db';
import { env } from '@/lib/env';
import { openMemoryFile } from './memory-source';
import { openPostgres } from './postgres-source';
import type { Source, SourceOptions, SourceToken, SourceUser } from './source';

export { SourceError } from './source';

export interface ImportOptions extends Partial<SourceOptions> {
  /** A PostgreSQL URL (postgres://…) or the path of a memory-connector file. */
  source: string;
  /** Read and check everything, report, write nothing. */
  dryRun?: boolean;
  /** Import everything else and leave the conflicting users (and their tokens) behind. */
  skipConflicts?: boolean;
  /**
   * Stock LoopBack 3 stores password-reset tokens as ordinary, unscoped tokens with the reset
   * lifetime (`resetPasswordTokenTTL`, 900 s); unscoped tokens of exactly this ttl are treated as
   * reset tokens. 0 turns that off (scoped reset tokens are always skipped).
   */
  resetTtl?: number;
  batchSize?: number;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  phase: 'users' | 'checks' | 'writing users' | 'tokens';
  done: number;
  total: number;
}

export type ConflictReason =
  | 'invalid_id'
  | 'no_email'
  | 'invalid_email'
  | 'invalid_username'
  | 'not_bcrypt'
  | 'duplicate_email'
  | 'duplicate_username'
  | 'id_taken'
  | 'email_taken'
  | 'username_taken';

export const CONFLICT_REASONS: Record<ConflictReason, string> = {
  invalid_id: 'id is not a whole number from 1 to 2147483647',
  no_email: 'no email address',
  invalid_email: 'email address is not one Latchkey accepts',
  invalid_username: 'username is not one Latchkey accepts (1 to 128 characters, no surrounding spaces)',
  not_bcrypt: 'password hash is not bcrypt ($2a$/$2b$)',
  duplicate_email: 'another LoopBack user has the same email once lower-cased',
  duplicate_username: 'another LoopBack user has the same username',
  id_taken: 'a different Latchkey user already has this id',
  email_taken: 'a different Latchkey user already has this email',
  username_taken: 'a different Latchkey user already has this username',
};

export interface Conflict {
  loopbackId: string;
  reason: ConflictReason;
  /** The normalised email or username in question; never a hash. */
  detail?: string;
}

export type TokenSkipReason = 'expired' | 'reset' | 'eternal' | 'invalid' | 'no_user' | 'user_skipped' | 'user_imported_earlier';

export const TOKEN_SKIP_REASONS: Record<TokenSkipReason, string> = {
  expired: 'expired',
  reset: 'password-reset token',
  eternal: 'ttl -1 while ALLOW_ETERNAL_TOKENS is off',
  invalid: 'unreadable id, ttl or created',
  no_user: 'its user does not exist',
  user_skipped: 'its user was not imported (conflict)',
  user_imported_earlier: 'its user came in with an earlier run',
};

export interface ImportReport {
  source: string;
  dryRun: boolean;
  /** `stopped`: conflicts and no `skipConflicts`; nothing was written. */
  status: 'imported' | 'nothing_new' | 'stopped';
  /** `verified` and `pendingVerification` count imported users only. */
  users: { read: number; imported: number; alreadyImported: number; conflicts: number; verified: number; pendingVerification: number };
  tokens: { read: number; imported: number; alreadyImported: number; skipped: Partial<Record<TokenSkipReason, number>> };
  conflicts: Conflict[];
  /** LoopBack properties with no Latchkey column: how many users had a value in each. */
  notCarried: Record<string, number>;
  seconds: number;
}

interface Candidate {
  id: number;
  loopbackId: string;
  email: string;
  username: string | null;
  realm: string | null;
  scope: string;
  hash: string;
  verified: boolean;
  /** Unverified, with a LoopBack link outstanding (not carried: LoopBack stores it in clear). */
  pending: boolean;
}

type UserState = 'new' | 'earlier' | 'conflict';

// Any cost LoopBack used; the login re-hashes to BCRYPT_COST.
const BCRYPT = /^\$2[ab]\$\d{2}\$[./A-Za-z0-9]{53}$/;
const MAX_ID = 2 ** 31 - 1;

/** Thrown inside the transaction to undo it: a dry run, or conflicts that stop the import. */
class Rollback extends Error {}

function openSource(source: string, options: SourceOptions): Promise<Source> {
  return /^postgres(ql)?:\/\//i.test(source) ? openPostgres(source, options) : openMemoryFile(source, options);
}

/** Brings a LoopBack 3 user base into Latchkey's database, all or nothing. See docs/decisions/017. */
export async function importFromLoopback(options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const batch = options.batchSize ?? 5000;
  const resetTtl = options.resetTtl ?? 900;
  const progress = options.onProgress ?? (() => {});
  const source = await openSource(options.source, {
    userModel: options.userModel ?? 'User',
    tokenModel: options.tokenModel ?? 'AccessToken',
    schema: options.schema ?? 'public',
  });
  const report: ImportReport = {
    source: source.description,
    dryRun: options.dryRun ?? false,
    status: 'imported',
    users: { read: 0, imported: 0, alreadyImported: 0, conflicts: 0, verified: 0, pendingVerification: 0 },
    tokens: { read: 0, imported: 0, alreadyImported: 0, skipped: {} },
    conflicts: [],
    notCarried: {},
    seconds: 0,
  };
  try {
    const { candidates, refused } = await readUsers(source, report, batch, progress);
    const db = await getDb();
    try {
      await db.transaction(async (tx) => {
        const t = tx as unknown as Database;
        // Sign-ups wait until the import commits: a new account must not take an id or an
        // address the import is about to write. Reads (logins) go on.
        if (!report.dryRun) await t.execute(sql`lock table users in share row exclusive mode`);
        const states = await checkAgainstLatchkey(t, candidates, report, batch, progress);
        for (const id of refused) if (!states.has(id)) states.set(id, 'conflict');
        const earlier = candidates.filter((c) => states.get(c.id) === 'earlier').length;
        const fresh = candidates.filter((c) => states.get(c.id) === 'new').length;
        report.users.alreadyImported = earlier;
        report.users.conflicts = report.users.read - fresh - earlier;
        if (report.conflicts.length > 0 && !options.skipConflicts) {
          report.status = 'stopped';
          throw new Rollback();
        }
        await writeUsers(t, candidates, states, report, batch, progress);
        await copyTokens(t, source, states, report, { batch, resetTtl, progress });
        if (report.dryRun) throw new Rollback();
        if (report.users.imported > 0) {
          // Imported ids were written past the identity sequence; move it beyond the largest.
          await t.execute(sql`select setval(pg_get_serial_sequence('users', 'id'), (select max(id) from users))`);
        }
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    if (report.status !== 'stopped' && report.users.imported === 0 && report.tokens.imported === 0) report.status = 'nothing_new';
  } finally {
    await source.close();
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function conflict(report: ImportReport, loopbackId: string, reason: ConflictReason, detail?: string): null {
  report.conflicts.push({ loopbackId, reason, ...(detail !== undefined && { detail }) });
  return null;
}

function showId(id: unknown): string {
  return typeof id === 'string' || typeof id === 'number' || typeof id === 'bigint' ? String(id) : (JSON.stringify(id) ?? '(none)');
}

function toId(id: unknown): number | null {
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,10}$/.test(id) ? Number(id) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= MAX_ID ? n : null;
}

function isUsername(value: string): boolean {
  return value.length > 0 && value.length <= 128 && value.trim() === value;
}

async function readUsers(
  source: Source,
  report: ImportReport,
  batch: number,
  progress: (p: Progress) => void,
): Promise<{ candidates: Candidate[]; refused: Set<number> }> {
  const total = await source.countUsers();
  const candidates: Candidate[] = [];
  // Ids of users that will not come across, so their tokens are counted as such.
  const refused = new Set<number>();
  const emails = new Map<string, Candidate[]>();
  const usernames = new Map<string, Candidate[]>();
  for await (const rows of source.users(batch)) {
    for (const row of rows) {
      report.users.read++;
      const candidate = readUser(row, report);
      if (!candidate) {
        const id = toId(row.id);
        if (id !== null) refused.add(id);
        continue;
      }
      candidates.push(candidate);
      const byEmail = `${candidate.scope}\0${candidate.email}`;
      emails.set(byEmail, [...(emails.get(byEmail) ?? []), candidate]);
      if (candidate.username !== null) {
        const byName = `${candidate.scope}\0${candidate.username}`;
        usernames.set(byName, [...(usernames.get(byName) ?? []), candidate]);
      }
    }
    progress({ phase: 'users', done: report.users.read, total });
  }
  // Two LoopBack users Latchkey would see as one: neither is chosen, both are reported.
  const clashing = new Set<Candidate>();
  for (const group of emails.values()) {
    if (group.length < 2) continue;
    for (const c of group) {
      conflict(report, c.loopbackId, 'duplicate_email', `${c.email} (LoopBack ids ${group.map((g) => g.loopbackId).join(', ')})`);
      clashing.add(c);
    }
  }
  for (const group of usernames.values()) {
    if (group.length < 2) continue;
    for (const c of group) {
      conflict(report, c.loopbackId, 'duplicate_username', `${c.username} (LoopBack ids ${group.map((g) => g.loopbackId).join(', ')})`);
      clashing.add(c);
    }
  }
  for (const c of clashing) refused.add(c.id);
  return { candidates: candidates.filter((c) => !clashing.has(c)), refused };
}

function readUser(row: SourceUser, report: ImportReport): Candidate | null {
  const loopbackId = showId(row.id);
  for (const name of row.extra) report.notCarried[name] = (report.notCarried[name] ?? 0) + 1;
  const id = toId(row.id);
  if (id === null) return conflict(report, loopbackId, 'invalid_id');
  if (typeof row.email !== 'string' || row.email.trim() === '') return conflict(report, loopbackId, 'no_email');
  const email = normalizeEmail(row.email);
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) return conflict(report, loopbackId, 'invalid_email', email);
  let username: string | null = null;
  if (row.username !== null && row.username !== undefined) {
    if (typeof row.username !== 'string' || !isUsername(row.username)) return conflict(report, loopbackId, 'invalid_username');
    username = row.username;
  }
  if (typeof row.password !== 'string' || !BCRYPT.test(row.password)) return conflict(report, loopbackId, 'not_bcrypt', email);
  const realm = typeof row.realm === 'string' && row.realm !== '' ? row.realm : null;
  const verified = row.emailVerified === true;
  const pending = !verified && typeof row.verificationToken === 'string' && row.verificationToken !== '';
  return { id, loopbackId, email, username, realm, scope: uniqueScopeFor(realm), hash: row.password, verified, pending };
}

/** Which candidates are new, which came in earlier, and which collide with a different Latchkey user. */
async function checkAgainstLatchkey(
  db: Database,
  candidates: Candidate[],
  report: ImportReport,
  batch: number,
  progress: (p: Progress) => void,
): Promise<Map<number, UserState>> {
  const states = new Map<number, UserState>();
  for (const c of candidates) states.set(c.id, 'new');
  const [any] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (select 1 from users limit 1) x`));
  if (!any?.n) return states;
  for (let i = 0; i < candidates.length; i += batch) {
    const slice = candidates.slice(i, i + batch);
    const byId = new Map(slice.map((c) => [c.id, c]));
    const input = sql`json_to_recordset(${JSON.stringify(slice.map((c) => ({ id: c.id, email: c.email, username: c.username, scope: c.scope })))}::json)
      as c(id int, email text, username text, scope text)`;
    const sameId = rowsOf<{ id: number; same: boolean }>(
      await db.execute(sql`select c.id, (u.email = c.email and u.unique_scope = c.scope)
          or exists (select 1 from auth_events e where e.user_id = u.id and e.type = 'imported') as same
        from ${input} join users u on u.id = c.id`),
    );
    for (const row of sameId) {
      const c = byId.get(row.id)!;
      if (row.same) states.set(c.id, 'earlier');
      else {
        states.set(c.id, 'conflict');
        conflict(report, c.loopbackId, 'id_taken', c.email);
      }
    }
    const taken = async (column: SQL, reason: ConflictReason, show: (c: Candidate) => string | null) => {
      const rows = rowsOf<{ id: number }>(
        await db.execute(sql`select distinct c.id from ${input} join users u on u.unique_scope = c.scope and ${column} and u.id <> c.id`),
      );
      for (const row of rows) {
        const c = byId.get(row.id)!;
        if (states.get(c.id) === 'conflict') continue;
        states.set(c.id, 'conflict');
        conflict(report, c.loopbackId, reason, show(c) ?? undefined);
      }
    };
    await taken(sql`u.email = c.email`, 'email_taken', (c) => c.email);
    await taken(sql`u.username = c.username`, 'username_taken', (c) => c.username);
    progress({ phase: 'checks', done: Math.min(i + batch, candidates.length), total: candidates.length });
  }
  return states;
}

async function writeUsers(
  db: Database,
  candidates: Candidate[],
  states: Map<number, UserState>,
  report: ImportReport,
  batch: number,
  progress: (p: Progress) => void,
): Promise<void> {
  const fresh = candidates.filter((c) => states.get(c.id) === 'new');
  for (let i = 0; i < fresh.length; i += batch) {
    const slice = fresh.slice(i, i + batch);
    const json = JSON.stringify(
      slice.map((c) => ({ id: c.id, email: c.email, username: c.username, realm: c.realm, scope: c.scope, hash: c.hash, verified: c.verified })),
    );
    await db.execute(sql`insert into users (id, email, username, realm, unique_scope, password_hash, email_verified)
      overriding system value
      select id, email, username, realm, scope, hash, verified
      from json_to_recordset(${json}::json) as c(id int, email text, username text, realm text, scope text, hash text, verified boolean)`);
    await db.execute(sql`insert into auth_events (type, outcome, reason, user_id, identifier)
      select 'imported', 'success', 'loopback', id, email from json_to_recordset(${json}::json) as c(id int, email text)`);
    report.users.imported += slice.length;
    report.users.verified += slice.filter((c) => c.verified).length;
    report.users.pendingVerification += slice.filter((c) => c.pending).length;
    progress({ phase: 'writing users', done: report.users.imported, total: fresh.length });
  }
}

interface TokenRow {
  id: string;
  handle: string;
  userId: number;
  ttl: number;
  scopes: string[];
  created: string;
}

async function copyTokens(
  db: Database,
  source: Source,
  states: Map<number, UserState>,
  report: ImportReport,
  options: { batch: number; resetTtl: number; progress: (p: Progress) => void },
): Promise<void> {
  const total = await source.countTokens();
  const now = Date.now();
  const skip = (reason: TokenSkipReason) => (report.tokens.skipped[reason] = (report.tokens.skipped[reason] ?? 0) + 1);
  for await (const rows of source.tokens(options.batch)) {
    const fresh: TokenRow[] = [];
    const earlier: string[] = [];
    for (const row of rows) {
      report.tokens.read++;
      const verdict = readToken(row, states, now, options.resetTtl);
      if (typeof verdict === 'string') skip(verdict);
      else if (verdict.state === 'earlier') earlier.push(verdict.row.id);
      else fresh.push(verdict.row);
    }
    if (earlier.length > 0) {
      // A token of a user imported earlier is not brought back: its owner may have logged it out since.
      const [found] = rowsOf<{ n: number }>(
        await db.execute(
          sql`select count(*)::int as n from access_tokens where id in (select json_array_elements_text(${JSON.stringify(earlier)}::json))`,
        ),
      );
      const present = found?.n ?? 0;
      report.tokens.alreadyImported += present;
      for (let i = present; i < earlier.length; i++) skip('user_imported_earlier');
    }
    if (fresh.length > 0) {
      const inserted = rowsOf<{ id: string }>(
        await db.execute(sql`insert into access_tokens (id, handle, user_id, ttl, scopes, created_at)
          select id, handle, "userId", ttl, array(select json_array_elements_text(scopes)), created
          from json_to_recordset(${JSON.stringify(fresh)}::json) as c(id text, handle text, "userId" int, ttl int, scopes json, created timestamptz)
          on conflict (id) do nothing returning id`),
      );
      report.tokens.imported += inserted.length;
      report.tokens.alreadyImported += fresh.length - inserted.length;
    }
    options.progress({ phase: 'tokens', done: report.tokens.read, total });
  }
}

function parseScopes(value: unknown): string[] | null | undefined {
  if (value === null || value === undefined) return null;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    }
  }
  if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) return parsed.length > 0 ? parsed : null;
  return undefined;
}

function readToken(
  row: SourceToken,
  states: Map<number, UserState>,
  now: number,
  resetTtl: number,
): TokenSkipReason | { state: UserState; row: TokenRow } {
  if (typeof row.id !== 'string' || row.id.length === 0 || row.id.length > 512) return 'invalid';
  const created = row.created instanceof Date ? row.created : typeof row.created === 'string' ? new Date(row.created) : null;
  if (!created || Number.isNaN(created.getTime())) return 'invalid';
  const ttl = row.ttl;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl > MAX_ID || (ttl < 1 && ttl !== -1)) return 'invalid';
  const scopes = parseScopes(row.scopes);
  if (scopes === undefined) return 'invalid';
  if (scopes?.includes(RESET_PASSWORD_SCOPE) || (scopes === null && resetTtl > 0 && ttl === resetTtl)) return 'reset';
  if (ttl === -1 && !env.ALLOW_ETERNAL_TOKENS) return 'eternal';
  if (ttl !== -1 && now >= created.getTime() + ttl * 1000) return 'expired';
  const userId = toId(row.userId);
  const state = userId === null ? undefined : states.get(userId);
  if (state === undefined) return 'no_user';
  if (state === 'conflict') return 'user_skipped';
  return {
    state,
    row: { id: sha256(row.id), handle: randomToken(20), userId: userId!, ttl, scopes: scopes ?? [DEFAULT_SCOPE], created: created.toISOString() },
  };
}
