import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';

/**
 * Throwaway databases for every kind of run: one per test file (PGlite always, PostgreSQL when
 * asked), one per journey server (e2e/serve.ts), one per bench run (bench/). Each is created
 * fresh and dropped afterwards.
 */

const MIGRATIONS = path.join(process.cwd(), 'drizzle');

export async function createPgliteTemplate(): Promise<{ dir: string; cleanup: () => void }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const root = mkdtempSync(path.join(tmpdir(), 'latchkey-pglite-'));
  const dir = path.join(root, 'template');
  const client = await PGlite.create(dir);
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  await client.close();
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Opening a copied data directory is far cheaper than initialising a new PGlite. */
export function copyPgliteTemplate(template: string): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'latchkey-test-'));
  const dir = path.join(root, 'db');
  mkdirSync(root, { recursive: true });
  cpSync(template, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A fresh name with the given prefix: `<prefix>_<random hex>`. */
export function randomDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The same server and role as `url`, another database. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The maintenance database of the server `url` points at, where CREATE/DROP DATABASE can run. */
export function maintenanceUrl(url: string): string {
  return withDatabase(url, 'postgres');
}

/** Runs `work` on one short-lived connection to `adminUrl`. */
export async function withAdmin<T>(adminUrl: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Creates database `name` on the server of `adminUrl` (empty, or a copy of `template`) and
 * returns its URL and how to drop it.
 */
export async function createDatabase(
  adminUrl: string,
  name: string,
  options: { template?: string } = {},
): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const template = options.template ? ` template "${options.template}"` : '';
  await withAdmin(adminUrl, (sql) => sql.unsafe(`create database "${name}"${template}`));
  return { url: withDatabase(adminUrl, name), cleanup: () => dropDatabase(adminUrl, name) };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  // FORCE: a connection a server left behind must not keep the database alive.
  await withAdmin(adminUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

/** A database migrated once, to copy per test file (`createDatabase(…, { template })`). */
export async function createPostgresTemplate(adminUrl: string): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const name = randomDatabaseName('latchkey_tpl');
  const { url, cleanup } = await createDatabase(adminUrl, name);
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, { max: 1, onnotice: () => {} });
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  await client.end({ timeout: 5 });
  return { name, cleanup };
}

export async function createPostgresDatabase(adminUrl: string, template: string): Promise<{ url: string; cleanup: () => Promise<void> }> {
  return createDatabase(adminUrl, randomDatabaseName('latchkey_test'), { template });
}
