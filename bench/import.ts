/**
 * `npm run bench:import`: how long `npm run import:loopback` takes for 100,000 users and 100,000
 * live tokens (BENCH_IMPORT_ROWS to change), from a PostgreSQL database in LoopBack 3's table shape
 * and from a memory-connector db.json, each into a fresh Latchkey PostgreSQL database. Every
 * database and file it makes is removed on the way out. Not a test: it prints timings.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import postgres from 'postgres';

const ROOT = path.resolve(import.meta.dirname, '..');
const ADMIN = process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.BENCH_IMPORT_ROWS || 100_000);

const urlOf = (name: string) => Object.assign(new URL(ADMIN), { pathname: `/${name}` }).toString();
const admin = postgres(ADMIN, { max: 1, onnotice: () => {} });
const made: string[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-import-'));

async function database(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await admin.unsafe(`create database "${name}"`);
  made.push(name);
  return urlOf(name);
}

function importer(
  source: string,
  target: string,
): Promise<{ wall: number; report: { seconds: number; users: { imported: number }; tokens: { imported: number } } }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      'npx',
      ['tsx', '--conditions=react-server', 'scripts/import-loopback.ts', source, '--json'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: target }, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve({ wall: (performance.now() - started) / 1000, report: JSON.parse(stdout) }),
    );
  });
}

try {
  console.log(`Generating ${ROWS.toLocaleString('en')} users and tokens in LoopBack 3's shape…`);
  const sourceUrl = await database('bench_lb_source');
  const source = postgres(sourceUrl, { max: 1, onnotice: () => {} });
  // The tables exactly as loopback-connector-postgresql's autoupdate creates them.
  await source`create table "user" (realm text, username text, password text not null, email text not null,
    emailverified boolean, verificationtoken text, id serial primary key)`;
  await source`create table accesstoken (id text primary key, ttl integer default 1209600, scopes text, created timestamptz, userid integer)`;
  // One real bcrypt hash for everyone: hashing 100,000 passwords would measure bcrypt, not the import.
  const hash = bcrypt.hashSync('bench-password-1', 10);
  await source`insert into "user" (email, username, password, emailverified)
    select 'user' || i || '@Example.com', 'user' || i, ${hash}, i % 2 = 0 from generate_series(1, ${ROWS}) i`;
  await source`insert into accesstoken (id, ttl, created, userid)
    select md5(random()::text) || md5(random()::text), 1209600, now() - (i % 1000) * interval '1 second', i from generate_series(1, ${ROWS}) i`;
  // The same rows as the memory connector would write them.
  const users: Record<string, string> = {};
  for (const u of await source`select * from "user"`) {
    users[u.id] = JSON.stringify({ email: u.email, username: u.username, password: u.password, emailVerified: u.emailverified, id: u.id });
  }
  const tokens: Record<string, string> = {};
  for (const t of await source`select * from accesstoken`) {
    tokens[t.id] = JSON.stringify({ id: t.id, ttl: t.ttl, created: (t.created as Date).toISOString(), userId: t.userid });
  }
  await source.end();
  const file = path.join(dir, 'db.json');
  writeFileSync(file, JSON.stringify({ ids: { User: ROWS + 1, AccessToken: 1 }, models: { User: users, AccessToken: tokens } }));

  const results: string[] = [];
  for (const [name, from] of [
    ['PostgreSQL', sourceUrl],
    [`db.json (${(statSync(file).size / 1e6).toFixed(0)} MB)`, file],
  ] as const) {
    const { wall, report } = await importer(from, await database('bench_lb_target'));
    if (report.users.imported !== ROWS || report.tokens.imported !== ROWS)
      throw new Error(`${name}: imported ${report.users.imported} users, ${report.tokens.imported} tokens`);
    results.push(`| ${name} | ${ROWS.toLocaleString('en')} + ${ROWS.toLocaleString('en')} | ${report.seconds.toFixed(1)} s | ${wall.toFixed(1)} s |`);
  }
  console.log(`\n| source | users + tokens | import | whole command |\n|---|---|---|---|\n${results.join('\n')}`);
  console.log(`(${os.cpus()[0]?.model ?? 'cpu'}, ${os.availableParallelism()} cores; "whole command" includes start-up and migrations)`);
} finally {
  for (const name of made) await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
