/**
 * `npm run soak`: mixed traffic against a production build for a long while (SOAK_DURATION), to
 * see what only time shows: answers that go wrong after a while and memory that keeps growing.
 * Prints a line of the server's memory every SOAK_SAMPLE seconds, then errors by kind and the
 * memory's slope. See bench/README.md.
 *
 * Each virtual user goes round: sign up (a new account), log in, read /me a few times, ask for a
 * password reset, log out, and check that the token it logged out no longer works. The same build,
 * server start-up, database and clean-up as the bench (bench/servers.ts, database.ts, processes.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withAdmin } from '../test/databases';
import { startSmtpSink } from '../test/smtp-sink';
import { config, DIST_DIR, HOST, ROOT, setting } from './config';
import { createBenchDatabase } from './database';
import { cleanUp, onCleanup, sleep } from './processes';
import { rssMb } from './resources';
import { build, startServer } from './servers';

const soak = {
  /** Seconds of traffic. */
  duration: setting('SOAK_DURATION', 600, 10, 7 * 86400),
  /** Virtual users, each with one request in flight. */
  users: setting('SOAK_USERS', 8, 1, 500),
  /** Seconds between memory lines. */
  sampleEvery: setting('SOAK_SAMPLE', 10, 1, 3600),
  port: setting('SOAK_PORT', 3210, 1024, 65535),
};

const PASSWORD = 'soak-velvet9heron';

/** Errors by kind: `step: status` or `step: network error`. */
const errors = new Map<string, number>();
const counts = new Map<string, number>();

function tally(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function send(
  base: string,
  step: string,
  expected: number,
  method: string,
  pathname: string,
  options: { token?: string; body?: unknown } = {},
) {
  tally(counts, step);
  try {
    const response = await fetch(`${base}${pathname}`, {
      method,
      headers: { ...(options.body !== undefined && { 'content-type': 'application/json' }), ...(options.token && { authorization: options.token }) },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status !== expected) tally(errors, `${step}: ${response.status} (expected ${expected})`);
    return {
      status: response.status,
      json: response.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as { id?: string }) : undefined,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    tally(errors, `${step}: ${(error as Error).name}${cause ? ` ${cause}` : ''}`);
    return { status: 0, json: undefined };
  }
}

async function virtualUser(base: string, n: number, until: number): Promise<void> {
  for (let round = 0; Date.now() < until; round++) {
    const email = `soak-${n}-${round}-${randomBytes(3).toString('hex')}@example.com`;
    await send(base, 'sign-up', 200, 'POST', '/api/users', { body: { email, password: PASSWORD } });
    const login = await send(base, 'login', 200, 'POST', '/api/users/login', { body: { email, password: PASSWORD } });
    const token = login.json?.id;
    if (typeof token !== 'string') continue;
    for (let i = 0; i < 5; i++) await send(base, 'me', 200, 'GET', '/api/users/me', { token });
    await send(base, 'reset request', 204, 'POST', '/api/users/reset', { body: { email } });
    await send(base, 'logout', 204, 'POST', '/api/users/logout', { token });
    await send(base, 'me after logout', 401, 'GET', '/api/users/me', { token });
  }
}

/** Least-squares slope of memory against time, in MB per minute. */
function slope(samples: { seconds: number; mb: number }[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, p) => s + p.seconds, 0) / n;
  const my = samples.reduce((s, p) => s + p.mb, 0) / n;
  const num = samples.reduce((s, p) => s + (p.seconds - mx) * (p.mb - my), 0);
  const den = samples.reduce((s, p) => s + (p.seconds - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

async function database(): Promise<Record<string, string>> {
  try {
    await withAdmin(config.adminUrl, (sql) => sql`select 1`);
  } catch {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'latchkey-soak-pglite-'));
    onCleanup('PGlite folder', () => rmSync(dir, { recursive: true, force: true }));
    console.log(`PostgreSQL is not reachable at ${new URL(config.adminUrl).host}: soaking on PGlite in ${dir}.`);
    return { PGLITE_DIR: path.join(dir, 'db') };
  }
  const created = await createBenchDatabase();
  console.log(`PostgreSQL database ${created.name}.`);
  return { DATABASE_URL: created.url };
}

async function main() {
  const logs = mkdtempSync(path.join(os.tmpdir(), 'latchkey-soak-logs-'));
  onCleanup('logs', () => console.error(`Server and build logs: ${logs}`));
  await build(logs, { floor: false });
  const sink = await startSmtpSink();
  onCleanup('SMTP sink', () => sink.close());
  const server = await startServer(
    {
      id: 'latchkey',
      name: 'Latchkey',
      kind: 'latchkey',
      askedProcesses: null,
      port: soak.port,
      command: [process.execPath, path.join(ROOT, 'server.mjs')],
      cwd: ROOT,
      env: {
        ...process.env,
        ...(await database()),
        NODE_ENV: 'production',
        NEXT_DIST_DIR: DIST_DIR,
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(soak.port),
        HOST,
        APP_URL: `http://${HOST}:${soak.port}`,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        SMTP_URL: sink.url,
        // All the traffic comes from one address and asks for resets over and over: the soak looks
        // for what time does to the server, not for its limits.
        THROTTLE_MULTIPLIER: '100000',
        LOGIN_SOURCE_CONCURRENCY: String(Math.max(8, soak.users)),
        HASH_QUEUE_LIMIT: String(Math.max(64, soak.users * 2)),
      },
    },
    logs,
  );
  const pid = server.process.pid!;
  console.log(
    `Soaking ${server.base} for ${soak.duration} s with ${soak.users} virtual users (memory: the server's RSS every ${soak.sampleEvery} s).`,
  );

  const started = Date.now();
  const samples: { seconds: number; mb: number }[] = [];
  let mail = 0;
  const sample = () => {
    // Counted and let go, so that a long soak does not grow this process instead.
    mail += sink.messages.length;
    sink.messages.length = 0;
    const seconds = Math.round((Date.now() - started) / 1000);
    const mb = rssMb(pid);
    samples.push({ seconds, mb });
    const requests = [...counts.values()].reduce((a, b) => a + b, 0);
    const failed = [...errors.values()].reduce((a, b) => a + b, 0);
    console.log(`${String(seconds).padStart(6)} s  rss ${mb.toFixed(1).padStart(7)} MB  requests ${String(requests).padStart(7)}  errors ${failed}`);
  };
  sample();
  const timer = setInterval(sample, soak.sampleEvery * 1000);
  const until = started + soak.duration * 1000;
  await Promise.all(Array.from({ length: soak.users }, (_, n) => virtualUser(server.base, n, until)));
  clearInterval(timer);
  // Let what the last requests left behind (mail after the response) settle, then a last line.
  await sleep(2000);
  sample();

  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const failed = [...errors.values()].reduce((a, b) => a + b, 0);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `\nRequests: ${total} in ${seconds.toFixed(0)} s (${(total / seconds).toFixed(1)}/s): ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
  console.log(`Errors: ${failed}${failed ? '' : ' (none)'}`);
  for (const [kind, n] of [...errors].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(7)}  ${kind}`);
  // The first half holds start-up and warm-up (code loaded, caches, pools and V8's heap grown to
  // their working size); the slope is taken over the second half, where a leak is a steady rise.
  const settled = samples.slice(Math.min(Math.floor(samples.length / 2), samples.length - 2));
  const mbs = samples.map((s) => s.mb);
  console.log(
    `Memory: start ${mbs[0]!.toFixed(1)} MB, end ${mbs.at(-1)!.toFixed(1)} MB, peak ${Math.max(...mbs).toFixed(1)} MB; ` +
      `slope over the second half ${slope(settled).toFixed(2)} MB/min (${settled.length} samples)`,
  );
  console.log(`Mail caught: ${mail}`);
  if (failed > 0) process.exitCode = 1;
}

// Exits once everything is stopped: a keep-alive socket or a timer left by a library must not
// keep the run alive after its summary.
main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    process.exit();
  });
