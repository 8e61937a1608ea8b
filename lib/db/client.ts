import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
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

async function connectPostgres(url: string): Promise<Connection> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // onnotice: drizzle's "schema already exists" notices are noise on every start.
  const client = postgres(url, { max: env.DATABASE_POOL_SIZE, onnotice: () => {} });
  const db = drizzle(client, { schema });
  // Several instances may start at once against one database; only one may migrate at a time.
  const lock = await client.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(db, { migrationsFolder: MIGRATIONS });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    lock.release();
  }
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
