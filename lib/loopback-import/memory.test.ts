import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '@/lib/auth';
import { closeDb } from '@/lib/db';
import { tokenCount, userCount } from '@/test/accounts';
import { expectReport, expectUsersCameAcross, importEvents, me } from './expect-imported';
import { importFromLoopback, type ImportReport } from './import';
import { populate, startLoopBack, type LoopBack, type Population } from './loopback-reference';

// One LoopBack 3 app on the memory connector, persisting to a db.json, filled over its REST API.
let lb: LoopBack;
let dir: string;
let file: string;
let population: Population;
let eternal: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'latchkey-lb-memory-'));
  const written = path.join(dir, 'written.json');
  lb = await startLoopBack({ MEMORY_FILE: written });
  population = await populate(lb);
  await lb.stop();
  // LoopBack's own file, plus what its API would not write: a foreign hash and a missing address.
  const data = JSON.parse(readFileSync(written, 'utf8'));
  expect(Object.keys(data.models.User)).toHaveLength(7);
  data.models.User['100'] = JSON.stringify({ id: 100, email: 'plain@example.com', password: 'md5:abc' });
  data.models.User['101'] = JSON.stringify({ id: 101, password: '$2b$10$' + 'b'.repeat(53), firstName: 'Nobody' });
  // A token that never expires, while ALLOW_ETERNAL_TOKENS is off (as in these tests).
  eternal = 'e'.repeat(64);
  data.models.AccessToken[eternal] = JSON.stringify({ id: eternal, ttl: -1, created: new Date().toISOString(), userId: population.ids.alice });
  file = path.join(dir, 'db.json');
  writeFileSync(file, JSON.stringify(data));
  const existing = await createUser({ email: 'existing@example.com', password: 'correct horse battery 7' });
  if (!existing.ok || existing.value.id !== population.ids.taken) throw new Error('expected Latchkey user 1');
}, 120_000);

afterAll(async () => {
  await lb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `npm run import:loopback` as an operator runs it, on this test's own database. */
async function command(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // PGlite allows one process at a time: let the command have it, reopen it afterwards.
  await closeDb();
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'import:loopback', '--', ...args], { env: process.env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// A child process that compiles and migrates on start: slow on a busy machine.
const COMMAND_TIMEOUT = 150_000;

const conflicts = [
  { loopbackId: '100', reason: 'not_bcrypt', detail: 'plain@example.com' },
  { loopbackId: '101', reason: 'no_email' },
];

describe('importing a LoopBack 3 memory-connector file', () => {
  it(
    'the command lists every conflict, stops and exits 3, writing nothing',
    async () => {
      const answer = await command(file);
      expect(answer.code).toBe(3);
      expect(answer.stdout).toMatch(/Conflicts \(5\)/);
      expect(answer.stdout).toMatch(new RegExp(`${population.ids.annLower} +duplicate_email`));
      expect(answer.stdout).toMatch(/100 +not_bcrypt/);
      expect(answer.stdout).toMatch(/101 +no_email/);
      expect(answer.stdout).toMatch(/Stopped: 5 conflict\(s\), nothing written/);
      // Not a terminal: no progress lines.
      expect(answer.stderr).toBe('');
      expect(await userCount()).toBe(1);
    },
    COMMAND_TIMEOUT,
  );

  let dry: ImportReport;
  it('the dry run reports what would come across and writes nothing', async () => {
    dry = await importFromLoopback({ source: file, dryRun: true, skipConflicts: true });
    expectReport(dry, population, { users: 2, conflicts });
    expect(dry.notCarried).toEqual({ firstName: 1 });
    expect(dry.tokens.skipped).toEqual({ expired: 1, reset: 1, eternal: 1 });
    expect(await userCount()).toBe(1);
    expect(await tokenCount()).toBe(0);
    expect(await importEvents()).toBe(0);
  });

  it('imports the rest: passwords log in, live tokens answer /me as before, expired and reset ones do not', async () => {
    const report = await importFromLoopback({ source: file, skipConflicts: true, batchSize: 3 });
    expect({ ...report, seconds: 0, dryRun: true }).toEqual({ ...dry, seconds: 0 });
    await expectUsersCameAcross(population);
    expect((await me(eternal)).status).toBe(401);
  });

  it(
    'a second run of the command imports nothing new, says so and exits 0',
    async () => {
      const answer = await command(file, '--skip-conflicts');
      expect(answer.code).toBe(0);
      expect(answer.stdout).toMatch(/users already imported +4/);
      expect(answer.stdout).toMatch(/Nothing new to import/);
      expect(await userCount()).toBe(5);
      expect(await importEvents()).toBe(4);
    },
    COMMAND_TIMEOUT,
  );
});
