import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Test databases: one fresh database per test file, on PGlite always and on PostgreSQL when asked. */

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

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, run: (sql: import('postgres').Sql) => Promise<T>): Promise<T> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function createPostgresTemplate(adminUrl: string): Promise<{ name: string; cleanup: () => Promise<void> }> {
  const name = `latchkey_tpl_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (sql) => sql.unsafe(`create database "${name}"`));
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(withDatabase(adminUrl, name), { max: 1, onnotice: () => {} });
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  await client.end({ timeout: 5 });
  return { name, cleanup: () => dropDatabase(adminUrl, name) };
}

export async function createPostgresDatabase(adminUrl: string, template: string): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const name = `latchkey_test_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (sql) => sql.unsafe(`create database "${name}" template "${template}"`));
  return { url: withDatabase(adminUrl, name), cleanup: () => dropDatabase(adminUrl, name) };
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}
