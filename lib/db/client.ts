import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

interface Connection {
  db: Database;
  close: () => Promise<void>;
}

const MIGRATIONS = path.join(process.cwd(), 'drizzle');
// Any constant works; it only has to be the same for every Latchkey process sharing a database.
const MIGRATION_LOCK = 7_241_806;

/**
 * Applies pending migrations on a connection of its own: the app's pool bounds every statement
 * (DATABASE_STATEMENT_TIMEOUT_MS), and neither a long migration nor the wait for another
 * instance's migration lock may be cut short by that.
 */
async function migratePostgres(url: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // onnotice: drizzle's "schema already exists" notices are noise on every start.
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: env.DATABASE_CONNECT_TIMEOUT });
  try {
    // Several instances may start at once against one database; only one may migrate at a time.
    // The lock is the session's: closing the connection below releases it, even after a failure.
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function connectPostgres(url: string): Promise<Connection> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  await migratePostgres(url);
  // Every wait is bounded, so that an outage answers "try again shortly" instead of holding
  // requests: opening a connection (connect_timeout), and a statement the server is slow to finish
  // (statement_timeout). A connection lost in an outage is dropped from the pool and opened
  // again on the next query, so serving resumes by itself once the database is back.
  const client = postgres(url, {
    max: env.DATABASE_POOL_SIZE,
    onnotice: () => {},
    connect_timeout: env.DATABASE_CONNECT_TIMEOUT,
    // Idle connections are closed, so that few are left to find broken after a network outage.
    idle_timeout: 60,
    // Renewed now and then, so that a failover to a new primary behind the same name is followed.
    max_lifetime: 30 * 60,
    connection: {
      application_name: 'latchkey',
      ...(env.DATABASE_STATEMENT_TIMEOUT_MS > 0 && { statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS }),
    },
  });
  const db = drizzle(client, { schema });
  return { db: db as unknown as Database, close: () => client.end({ timeout: 5 }) };
}

async function connectPglite(dir: string): Promise<Connection> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // PGlite does not create missing parent folders.
  mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { db: db as unknown as Database, close: () => client.close() };
}

// Kept on globalThis so that Next's module reloading in development does not open a second
// PGlite on the same directory (which it cannot share) or leak Postgres pools.
const globalForDb = globalThis as unknown as { latchkeyDb?: Promise<Connection> };

function connection(): Promise<Connection> {
  globalForDb.latchkeyDb ??= (env.DATABASE_URL ? connectPostgres(env.DATABASE_URL) : connectPglite(env.PGLITE_DIR)).catch((error: unknown) => {
    globalForDb.latchkeyDb = undefined;
    throw error;
  });
  return globalForDb.latchkeyDb;
}

/** The database, connected and migrated on first use. */
export async function getDb(): Promise<Database> {
  return (await connection()).db;
}

export async function closeDb(): Promise<void> {
  const pending = globalForDb.latchkeyDb;
  globalForDb.latchkeyDb = undefined;
  if (pending) await (await pending).close();
}

/**
 * Resolves once the database has answered a trivial query, or rejects (with the driver's error, or
 * a timeout) within `timeoutMs`: what readiness means.
 */
export async function pingDatabase(timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('the database did not answer in time'), { code: 'CONNECT_TIMEOUT' })), timeoutMs);
  });
  try {
    await Promise.race([getDb().then((db) => db.execute(sql`select 1`)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
