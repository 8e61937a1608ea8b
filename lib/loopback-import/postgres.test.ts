import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createUser } from '@/lib/auth';
import { tokenCount, userCount } from '@/test/accounts';
import { expectReport, expectUsersCameAcross, importEvents } from './expect-imported';
import { importFromLoopback, type ImportReport } from './import';
import { createDatabase, populate, startLoopBack, type LoopBack, type Population } from './loopback-reference';

// One LoopBack 3 app on its own PostgreSQL database, filled over its REST API, then imported.
let lb: LoopBack;
let source: Awaited<ReturnType<typeof createDatabase>>;
let population: Population;
const extraIds: Record<string, number> = {};

beforeAll(async () => {
  source = await createDatabase();
  lb = await startLoopBack({ DATABASE_URL: source.url });
  population = await populate(lb);
  // What LoopBack's API will not write but a LoopBack database can hold: a hash from another
  // scheme, a blank address, and a property the app added to its model.
  const sql = postgres(source.url, { max: 1, onnotice: () => {} });
  [{ id: extraIds.plain }] = await sql`insert into "user" (email, password) values ('plain@example.com', 'not-a-hash') returning id`;
  [{ id: extraIds.blank }] = await sql`insert into "user" (email, password) values ('  ', ${'$2a$10$' + 'a'.repeat(53)}) returning id`;
  await sql`insert into accesstoken (id, ttl, created, userid) values (${'p'.repeat(64)}, 3600, now(), ${extraIds.plain!})`;
  await sql`alter table "user" add column nickname text`;
  await sql`update "user" set nickname = 'Al' where id = ${population.ids.alice}`;
  await sql.end();
  // Latchkey is not empty: its first user holds id 1, which LoopBack's first user has too.
  const existing = await createUser({ email: 'existing@example.com', password: 'correct horse battery 7' });
  if (!existing.ok || existing.value.id !== population.ids.taken) throw new Error(`expected Latchkey user 1: ${JSON.stringify(existing)}`);
}, 120_000);

afterAll(async () => {
  await lb?.stop();
  await source?.drop();
});

const run = (options: { dryRun?: boolean; skipConflicts?: boolean } = {}) => importFromLoopback({ source: source.url, batchSize: 2, ...options });

describe('importing a LoopBack 3 PostgreSQL database', () => {
  const conflicts = () => [
    { loopbackId: String(extraIds.plain), reason: 'not_bcrypt', detail: 'plain@example.com' },
    { loopbackId: String(extraIds.blank), reason: 'no_email' },
  ];
  let dry: ImportReport;

  it('lists every conflict and stops before writing, dry run or not', async () => {
    for (const dryRun of [true, false]) {
      const report = await run({ dryRun });
      expect(report.status).toBe('stopped');
      expect(report.conflicts).toHaveLength(5);
      expect(report.conflicts).toEqual(expect.arrayContaining(conflicts()));
      expect(report.users.imported).toBe(0);
      expect(await userCount()).toBe(1);
      expect(await tokenCount()).toBe(0);
      expect(await importEvents()).toBe(0);
    }
  });

  it('dry run with --skip-conflicts reports what would come across and writes nothing', async () => {
    dry = await run({ dryRun: true, skipConflicts: true });
    expect(dry.status).toBe('imported');
    expect(dry.dryRun).toBe(true);
    expectReport(dry, population, { users: 2, conflicts: conflicts() });
    expect(dry.tokens.skipped).toEqual({ expired: 1, reset: 1, user_skipped: 1 });
    expect(dry.notCarried).toEqual({ nickname: 1 });
    expect(await userCount()).toBe(1);
    expect(await tokenCount()).toBe(0);
    expect(await importEvents()).toBe(0);
  });

  it('imports the rest: passwords log in, live tokens answer /me as before, expired and reset ones do not', async () => {
    const report = await run({ skipConflicts: true });
    expect({ ...report, seconds: 0, dryRun: true }).toEqual({ ...dry, seconds: 0 });
    expect(await userCount()).toBe(5);
    expect(await tokenCount()).toBe(3);
    await expectUsersCameAcross(population);
    // The identity sequence moved past the largest imported id (dave's; 8 and 9 stayed behind).
    const next = await createUser({ email: 'after-import@example.com', password: 'correct horse battery 8' });
    expect(next.ok && next.value.id).toBe(population.ids.dave + 1);
  });

  it('a second run changes nothing and says so', async () => {
    const report = await run({ skipConflicts: true });
    expect(report.status).toBe('nothing_new');
    expect(report.users).toMatchObject({ imported: 0, alreadyImported: 4 });
    // Alice's password was re-hashed and she logged in since; she is still recognised as imported.
    expect(report.tokens).toMatchObject({ imported: 0, alreadyImported: 3 });
    expect(await userCount()).toBe(6);
    expect(await importEvents()).toBe(4);
  });
});
