import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HashPool, HashPoolBusyError, HashPoolError, closeHashPool, getHashPool } from './hash-pool';
import { HASH_WORKER_SOURCE } from './hash-worker';
import { hashPassword, verifyPassword } from './passwords';

const COST = 4;

// The real worker, with its message listener wrapped so that two magic passwords make it die.
const CRASHABLE_SOURCE = `{
  const port = require('node:worker_threads').parentPort;
  const on = port.on.bind(port);
  port.on = (event, listener) =>
    on(event, event !== 'message' ? listener : (task) => {
      if (task.password === 'crash:throw') throw new Error('boom');
      if (task.password === 'crash:exit') process.exit(3);
      listener(task);
    });
}
${HASH_WORKER_SOURCE}`;

const pools: HashPool[] = [];
function pool(options: ConstructorParameters<typeof HashPool>[0] = {}): HashPool {
  const p = new HashPool(options);
  pools.push(p);
  return p;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await closeHashPool();
});

describe('HashPool', () => {
  it('hashes and compares exactly as bcryptjs does in-process', async () => {
    const p = pool({ size: 2 });
    const hash = await p.hash('correct horse', COST);
    expect(hash).toMatch(/^\$2b\$04\$[./A-Za-z0-9]{53}$/);
    expect(bcrypt.compareSync('correct horse', hash)).toBe(true);
    expect(bcrypt.compareSync('wrong horse', hash)).toBe(false);

    const local = bcrypt.hashSync('battery staple', COST);
    expect(await p.compare('battery staple', local)).toBe(true);
    expect(await p.compare('battery stapler', local)).toBe(false);
    expect(await p.compare('', local)).toBe(false);
  });

  it('keeps the public password functions working, normalisation included', async () => {
    const hash = await hashPassword('ｖｅｌｖｅｔ９ｈｅｒｏｎ'); // full-width forms fold to "velvet9heron" under NFKC
    expect(bcrypt.compareSync('velvet9heron', hash)).toBe(true);
    expect(await verifyPassword('velvet9heron', hash)).toBe(true);
    expect(await verifyPassword('velvet8heron', hash)).toBe(false);
    expect(await verifyPassword('velvet9heron', null)).toBe(false);
    expect(getHashPool().stats().workers).toBeGreaterThan(0);
  });

  it('is sized to the machine unless told otherwise, and starts no worker before it is used', async () => {
    const { availableParallelism } = await import('node:os');
    const p = pool();
    expect(p.size).toBe(availableParallelism());
    expect(p.stats()).toMatchObject({ workers: 0, busy: 0, queued: 0 });
  });

  it('runs checks at the same time on several threads and queues the rest', async () => {
    const p = pool({ size: 2 });
    const hash = bcrypt.hashSync('parallel', 8);
    const checks = Array.from({ length: 6 }, (_, i) => p.compare(i % 2 ? 'parallel' : 'serial', hash));
    // Both workers hold a task at once; the other four wait their turn.
    expect(p.stats()).toMatchObject({ workers: 2, busy: 2, queued: 4 });
    expect(await Promise.all(checks)).toEqual([false, true, false, true, false, true]);

    const { threads, busy, queued } = p.stats();
    expect({ busy, queued }).toEqual({ busy: 0, queued: 0 });
    expect(new Set(threads.map((t) => t.threadId)).size).toBe(2);
    expect(threads.every((t) => t.completed >= 1)).toBe(true);
    expect(threads.reduce((sum, t) => sum + t.completed, 0)).toBe(6);
  });

  it('reports bad input as an error and keeps the worker', async () => {
    const p = pool({ size: 1 });
    await expect(p.hash(12345678 as unknown as string, COST)).rejects.toThrow(/Illegal arguments/);
    await expect(p.compare('x', `$2x$04$${'a'.repeat(53)}`)).rejects.toThrow(Error);
    const [thread] = p.stats().threads;
    expect(await p.compare('x', bcrypt.hashSync('x', COST))).toBe(true);
    expect(p.stats().threads).toEqual([{ threadId: thread?.threadId, completed: 3 }]);
  });

  it('fails only the task of a worker that crashes, then serves the next one on a fresh worker', async () => {
    const p = pool({ size: 1, source: CRASHABLE_SOURCE });
    const hash = bcrypt.hashSync('survivor', COST);
    expect(await p.compare('survivor', hash)).toBe(true);
    const [before] = p.stats().threads;

    // The crash takes its own task down; the two queued behind it still get answers.
    const crashed = p.compare('crash:throw', hash);
    const queued = [p.compare('survivor', hash), p.compare('intruder', hash)];
    await expect(crashed).rejects.toThrow(HashPoolError);
    await expect(crashed).rejects.toThrow(/crashed: boom/);
    expect(await Promise.all(queued)).toEqual([true, false]);

    const [after] = p.stats().threads;
    expect(after?.threadId).not.toBe(before?.threadId);
    expect(p.stats()).toMatchObject({ workers: 1, busy: 0, queued: 0 });
  });

  it('leaves the other workers and their tasks alone when one exits mid-task', async () => {
    const p = pool({ size: 2, source: CRASHABLE_SOURCE });
    const slow = bcrypt.hashSync('steady', 10);
    const steady = p.compare('steady', slow);
    const exited = p.compare('crash:exit', slow);
    await expect(exited).rejects.toThrow(/exited with code 3/);
    expect(await steady).toBe(true);
    expect(await p.compare('steady', slow)).toBe(true);
  });

  it('closes: fails what is queued or running, stops its workers, and refuses new work', async () => {
    const p = pool({ size: 1 });
    const hash = bcrypt.hashSync('closing', 8);
    const running = p.compare('closing', hash);
    const waiting = p.compare('closing', hash);
    const closing = p.close();
    await expect(running).rejects.toThrow(/closed/);
    await expect(waiting).rejects.toThrow(/closed/);
    await closing;
    expect(p.stats()).toMatchObject({ workers: 0, busy: 0, queued: 0 });
    await expect(p.hash('again', COST)).rejects.toThrow(HashPoolError);
  });

  it('lets a process finish its hashing and then exit without being closed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'latchkey-pool-'));
    try {
      const script = path.join(dir, 'use-pool.mts');
      const poolModule = path.resolve(import.meta.dirname, 'hash-pool.ts');
      writeFileSync(
        script,
        `import { getHashPool } from ${JSON.stringify(poolModule)};
const pool = getHashPool();
const hash = await pool.hash('exit cleanly', ${COST});
console.log(JSON.stringify({ ok: await pool.compare('exit cleanly', hash), workers: pool.stats().workers }));
`,
      );
      // The child must print its answer (a busy worker holds the process open) and then end on
      // its own (idle workers do not); the timeout only stops a hung child from hanging the suite.
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
        cwd: process.cwd(),
        timeout: 25_000,
      });
      expect(JSON.parse(stdout.trim())).toEqual({ ok: true, workers: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a bounded queue', () => {
  it('turns a task away at once when the queue is full, and counts what it ran', async () => {
    const p = pool({ size: 1, queueLimit: 2 });
    const hash = await p.hash('bounded', COST);
    const tasks = Array.from({ length: 5 }, () =>
      p.compare('bounded', hash).then(
        () => 'ran',
        (e: unknown) => e,
      ),
    );
    const outcomes = await Promise.all(tasks);
    // One running, two waiting: the fourth and fifth never wait behind them.
    expect(outcomes.slice(0, 3)).toEqual(['ran', 'ran', 'ran']);
    expect(outcomes.slice(3).every((e) => e instanceof HashPoolBusyError && e instanceof HashPoolError)).toBe(true);
    expect(p.stats()).toMatchObject({ completed: { hash: 1, compare: 3 }, refused: 2, queued: 0 });
    // Once the queue drains there is room again.
    expect(await p.compare('bounded', hash)).toBe(true);
  });
});
