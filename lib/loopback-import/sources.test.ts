import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '@/lib/auth';
import { closeDb } from '@/lib/db';
import { tokenCount, userCount } from '@/test/accounts';
import { importEvents } from './expect-imported';
import { importFromLoopback, SourceError } from './import';
import { createDatabase } from './loopback-reference';

// Sources that are not a LoopBack 3 database: a clear message naming the problem, nothing written.
let dir: string;
let db: Awaited<ReturnType<typeof createDatabase>>;
const HASH = '$2a$10$' + 'c'.repeat(53);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'latchkey-lb-sources-'));
  db = await createDatabase();
  await createUser({ email: 'existing@example.com', password: 'correct horse battery 7' });
}, 60_000);

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

async function expectRefused(source: string, message: RegExp, options: { schema?: string; userModel?: string } = {}) {
  const error = await importFromLoopback({ source, ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  expect((error as Error).message).toMatch(message);
  expect(await userCount()).toBe(1);
  expect(await tokenCount()).toBe(0);
  expect(await importEvents()).toBe(0);
}

describe('sources that cannot be imported', () => {
  it('an unreachable database, named without its password', async () => {
    const error = await importFromLoopback({ source: 'postgres://someone:hunter2@127.0.0.1:1/app' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^cannot connect to postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/app/);
    expect((error as Error).message).not.toContain('hunter2');
    await expectRefused(db.url.replace(/\/[^/]+$/, '/no_such_database_here'), /cannot connect to .*no_such_database_here/);
  });

  it('a database without the LoopBack tables, or with a model of another name', async () => {
    await expectRefused(db.url, /has no table public\."user"/);
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    await sql`create table account (id serial primary key, email text not null, password text not null)`;
    await sql`create table accesstoken (id text primary key, ttl integer, created timestamptz, userid integer)`;
    await sql.end();
    await expectRefused(db.url, /has no table public\."user" \(name the model with --user-model/);
    await expectRefused(db.url, /has no table other\."account"/, { userModel: 'Account', schema: 'other' });
    // The right names find it (and it is empty).
    const report = await importFromLoopback({ source: db.url, userModel: 'Account' });
    expect(report.status).toBe('nothing_new');
  });

  it("tables whose columns are not LoopBack's", async () => {
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    await sql`create table "user" (id serial primary key, email text not null)`;
    await sql`insert into "user" (email) values ('a@example.com')`;
    await sql.end();
    await expectRefused(db.url, /table public\."user" is not a LoopBack User table: no column password/);
    const again = postgres(db.url, { max: 1, onnotice: () => {} });
    await again`alter table "user" add column password text`;
    await again`update "user" set password = ${HASH}`;
    await again`alter table accesstoken alter column created type text`;
    await again.end();
    await expectRefused(db.url, /column public\."accesstoken"\.created has type text, expected timestamp/);
  });

  it('a missing, malformed or foreign memory file', async () => {
    await expectRefused(path.join(dir, 'absent.json'), /cannot read .*absent\.json: ENOENT/);
    await expectRefused(dir, /is not a file/);
    await expectRefused(file('broken.json', '{"models": {"User": {'), /broken\.json is not JSON/);
    await expectRefused(file('other.json', '{"users": []}'), /not a LoopBack memory-connector file \(no "models" object\)/);
    await expectRefused(
      file('nomodel.json', '{"ids": {}, "models": {"Customer": {}, "AccessToken": {}}}'),
      /has no "User" model \(it holds: Customer, AccessToken\)/,
    );
    await expectRefused(
      file('badrow.json', JSON.stringify({ models: { User: { '1': '{"id":1,' }, AccessToken: {} } })),
      /badrow\.json: User "1" is not valid JSON/,
    );
  });

  it('the command exits 2 with the message on stderr', async () => {
    await closeDb();
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile('npm', ['run', '--silent', 'import:loopback', '--', ...args], { env: process.env, timeout: 120_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const broken = await run(file('cli.json', 'not json'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/Import failed, nothing written: .*cli\.json is not JSON/);
    expect(broken.stdout).toBe('');
    expect(await userCount()).toBe(1);
  }, 150_000);
});
