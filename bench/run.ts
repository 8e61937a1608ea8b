/**
 * `npm run bench`: Latchkey (a production build on a fresh PostgreSQL database) against the
 * reference LoopBack 3 server, in one run on one machine. See bench/README.md.
 *
 * Everything this starts (build, servers, load generators, the database, a staging folder) is
 * stopped or removed on the way out, whether the run succeeds, fails or is interrupted.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import postgres from 'postgres';
import { env } from '../lib/env';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST_DIR = '.next-bench';
const HOST = '127.0.0.1';
const CORES = os.availableParallelism();
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const LOAD_SCRIPT = path.join(ROOT, 'bench', 'load.mjs');
const RESULTS = path.join(ROOT, 'bench', 'results');
/** The cost LoopBack 3's User model hashes with (its `saltWorkFactor` default). */
const LOOPBACK_BCRYPT_COST = 10;

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

const config = {
  adminUrl: process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  loopbackDir: path.resolve(ROOT, process.env.BENCH_LOOPBACK_DIR || '../shared/reference/loopback3'),
  port: setting('BENCH_PORT', 3200, 1024, 65535),
  loopbackPort: setting('BENCH_LOOPBACK_PORT', 3202, 1024, 65535),
  /** Seconds per measured phase. */
  duration: setting('BENCH_DURATION', 10, 1, 600),
  /** Seconds of warm-up per endpoint before measuring. */
  warmup: setting('BENCH_WARMUP', 3, 0, 60),
  users: setting('BENCH_USERS', 16, 1, 1000),
  /** Enough concurrent logins to keep every core's worker busy while responses are in flight. */
  loginConnections: setting('BENCH_LOGIN_CONNECTIONS', 4 * CORES, 1, 1000),
  meConnections: setting('BENCH_ME_CONNECTIONS', 10, 1, 1000),
  /** `/me` during logins is sent at a fixed rate: the question is how long it waits, not how many fit. */
  mixedMeRate: setting('BENCH_MIXED_ME_RATE', 50, 1, 100000),
  mixedMeConnections: setting('BENCH_MIXED_ME_CONNECTIONS', 20, 1, 1000),
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  /** Exit with status 2 when a target is missed (the default only reports). */
  enforce: process.env.BENCH_ENFORCE === '1',
  cost: env.BCRYPT_COST,
};

// ---------------------------------------------------------------------------------------------
// Clean-up: every resource registers how to undo itself; undone last-first, once.

const cleanups: { name: string; run: () => void | Promise<void> }[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | undefined;

function onCleanup(name: string, run: () => void | Promise<void>): () => void {
  const entry = { name, run };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let entry = cleanups.pop(); entry; entry = cleanups.pop()) {
      try {
        await entry.run();
      } catch (error) {
        console.error(`clean-up of ${entry.name} failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

// Last resort if the process ends without the async clean-up (an uncaught error): no orphans.
process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the bench started…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Processes: each in its own process group, so stopping one stops whatever it spawned, and
// nothing else.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stop(child: ChildProcess): Promise<void> {
  killGroup(child, 'SIGTERM');
  const done = exited(child);
  if (await Promise.race([done.then(() => true), sleep(8000).then(() => false)])) return;
  killGroup(child, 'SIGKILL');
  await Promise.race([done, sleep(3000)]);
}

interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where stdout and stderr go; by default they are captured. */
  log?: string;
}

function start(command: string, args: string[], options: StartOptions = {}): ChildProcess & { output: () => string } {
  const fd = options.log ? openSync(options.log, 'a') : undefined;
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  if (fd !== undefined) closeSync(fd);
  let captured = '';
  child.stdout?.on('data', (chunk: Buffer) => (captured += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  children.add(child);
  const forget = onCleanup(`${path.basename(command)} ${args[0] ?? ''}`, () => stop(child));
  child.once('exit', () => {
    children.delete(child);
    forget();
  });
  return Object.assign(child, { output: () => captured });
}

/** Runs a command to completion within `timeoutMs`; throws on failure, with the log's tail. */
async function run(command: string, args: string[], options: StartOptions & { timeoutMs: number }): Promise<string> {
  const child = start(command, args, options);
  const finished = exited(child).then(() => true);
  if (!(await Promise.race([finished, sleep(options.timeoutMs).then(() => false)]))) {
    await stop(child);
    throw new Error(`${command} ${args.join(' ')} took longer than ${options.timeoutMs / 1000} s`);
  }
  if (child.exitCode !== 0) {
    const tail = options.log ? readFileSync(options.log, 'utf8').split('\n').slice(-30).join('\n') : '';
    throw new Error(`${command} ${args.join(' ')} failed (exit ${child.exitCode ?? child.signalCode})\n${tail}`);
  }
  return child.output();
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until the server answers any HTTP response; fails early if it exits. */
async function waitForServer(name: string, child: ChildProcess, base: string, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const response = await fetch(`${base}/api/users/me`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return;
    } catch {
      await sleep(250);
    }
  }
  const tail = readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`${name} did not start on ${base}\n${tail}`);
}

// ---------------------------------------------------------------------------------------------
// Memory: the peak resident set of a server and anything it spawned.

function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined && found.length < 10_000; next = queue.shift()) {
    found.push(next);
    queue.push(...(parents.get(next) ?? []));
  }
  return found;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

let clockTicks: number | undefined;

/** CPU seconds (user + system, all threads) the given processes have used so far, by pid. */
function cpuSeconds(pids: number[]): Map<number, number> {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / clockTicks);
    } catch {
      // Gone, or no procfs.
    }
  }
  return used;
}

function psRssKb(pid: number): number {
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) || 0;
  } catch {
    return 0;
  }
}

/** Samples the process tree's RSS; on Linux also takes the kernel's own high-water mark. */
function watchMemory(pid: number): { peakMb: () => number } {
  const procfs = existsSync(`/proc/${pid}/status`);
  let peakKb = 0;
  const sample = () => {
    const kb = procfs ? descendants(pid).reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0) : psRssKb(pid);
    peakKb = Math.max(peakKb, kb);
  };
  const timer = setInterval(sample, procfs ? 250 : 1000);
  timer.unref();
  onCleanup(`memory watch of ${pid}`, () => clearInterval(timer));
  return {
    peakMb: () => {
      sample();
      const hwm = procfs ? descendants(pid).reduce((sum, p) => sum + statusKb(p, 'VmHWM'), 0) : 0;
      return Math.max(peakKb, hwm) / 1024;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Load: autocannon in a child process per phase.

interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface LoadResult {
  durationSeconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  perSecond: number;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null; mean: number | null };
}

interface LoadOptions {
  connections: number;
  duration: number;
  overallRate?: number;
  /** Bodies taken in turn by successive requests, across connections. */
  bodies?: string[];
}

async function load(base: string, requests: LoadRequest[], options: LoadOptions): Promise<LoadResult> {
  const input = JSON.stringify({ url: base, requests, ...options });
  const output = await run(process.execPath, [LOAD_SCRIPT, input], { timeoutMs: (options.duration + 60) * 1000 });
  const line = output.trim().split('\n').at(-1);
  if (!line) throw new Error('the load generator printed no result');
  return JSON.parse(line) as LoadResult;
}

// ---------------------------------------------------------------------------------------------
// The servers.

interface Server {
  name: string;
  base: string;
  process: ChildProcess;
  memory: { peakMb: () => number };
  /** Database server processes working for this server (PostgreSQL backends), to count their CPU. */
  databasePids?: () => Promise<number[]>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The reference app, with its dependencies: installed once into a temporary copy if need be. */
async function loopbackApp(logs: string): Promise<string> {
  const source = config.loopbackDir;
  if (!existsSync(path.join(source, 'server.js'))) throw new Error(`no LoopBack reference app at ${source}`);
  if (existsSync(path.join(source, 'node_modules', 'loopback'))) return source;
  const files = ['package.json', 'package-lock.json', 'server.js'].filter((f) => existsSync(path.join(source, f)));
  const key = sha256(files.map((f) => readFileSync(path.join(source, f), 'utf8')).join('\0')).slice(0, 12);
  const copy = path.join(os.tmpdir(), `latchkey-bench-loopback3-${key}`);
  if (existsSync(path.join(copy, 'node_modules', 'loopback'))) return copy;

  // The reference folder is read-only: install into a staging copy, then move it into place
  // whole, so an interrupted install never leaves a half-filled copy that looks usable.
  const staging = `${copy}.staging-${process.pid}`;
  const removeStaging = () => rmSync(staging, { recursive: true, force: true });
  removeStaging();
  const forget = onCleanup('LoopBack staging copy', removeStaging);
  mkdirSync(staging, { recursive: true });
  for (const f of files) cpSync(path.join(source, f), path.join(staging, f));
  console.log(`Installing the LoopBack reference's dependencies into ${copy} (once)…`);
  const npm = files.includes('package-lock.json') ? 'ci' : 'install';
  await run('npm', [npm, '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: staging,
    log: path.join(logs, 'loopback-install.log'),
    timeoutMs: 10 * 60_000,
  });
  try {
    renameSync(staging, copy);
  } catch (error) {
    // Another run finished first; use its copy.
    if (!existsSync(path.join(copy, 'node_modules', 'loopback'))) throw error;
    removeStaging();
  }
  forget();
  return copy;
}

async function startServer(name: string, port: number, command: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logs: string }): Promise<Server> {
  if (await portInUse(port)) throw new Error(`port ${port} is already in use; set ${name === 'Latchkey' ? 'BENCH_PORT' : 'BENCH_LOOPBACK_PORT'}`);
  const log = path.join(options.logs, `${name.toLowerCase().replace(/\W+/g, '-')}.log`);
  const [cmd, ...args] = command as [string, ...string[]];
  const child = start(cmd, args, { cwd: options.cwd, env: options.env, log });
  const base = `http://${HOST}:${port}`;
  const memory = watchMemory(child.pid!);
  await waitForServer(name, child, base, log, 120_000);
  return { name, base, process: child, memory };
}

/** Puts back exactly what `next build` changes in tracked or shared files, and nothing else. */
function protectFromBuild(): () => void {
  const tsconfig = path.join(ROOT, 'tsconfig.json');
  const nextEnv = path.join(ROOT, 'next-env.d.ts');
  const tsconfigBefore = readFileSync(tsconfig, 'utf8');
  const nextEnvBefore = existsSync(nextEnv) ? readFileSync(nextEnv, 'utf8') : undefined;
  return () => {
    if (nextEnvBefore !== undefined && readFileSync(nextEnv, 'utf8') !== nextEnvBefore) writeFileSync(nextEnv, nextEnvBefore);
    const now = readFileSync(tsconfig, 'utf8');
    if (now === tsconfigBefore) return;
    // Next adds the build folder's type folders to `include` (and reformats the file). Undo
    // that only; if anything else changed meanwhile, someone else changed it: leave it.
    try {
      const after = JSON.parse(now) as { include?: string[] };
      after.include = after.include?.filter((entry) => !entry.startsWith(`${DIST_DIR}/`));
      if (JSON.stringify(after) === JSON.stringify(JSON.parse(tsconfigBefore))) {
        writeFileSync(tsconfig, tsconfigBefore);
        return;
      }
    } catch {
      // Not plain JSON; fall through to the warning.
    }
    console.warn('tsconfig.json changed during the build in more ways than Next does; left as it is.');
  };
}

async function build(logs: string): Promise<void> {
  if (config.skipBuild && existsSync(path.join(ROOT, DIST_DIR, 'BUILD_ID'))) {
    console.log(`Using the existing build in ${DIST_DIR} (BENCH_SKIP_BUILD=1).`);
    return;
  }
  console.log(`Building for production into ${DIST_DIR}…`);
  const restore = protectFromBuild();
  const forget = onCleanup('tsconfig.json', restore);
  try {
    await run(process.execPath, [NEXT_BIN, 'build'], {
      env: { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
      log: path.join(logs, 'build.log'),
      timeoutMs: 20 * 60_000,
    });
  } finally {
    forget();
    restore();
  }
}

async function withAdmin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(config.adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** PostgreSQL backends serving a database; their CPU is part of what a request costs. */
async function backendPids(database: string): Promise<number[]> {
  const rows = await withAdmin((sql) => sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`);
  return rows.map((r) => r.pid);
}

async function createDatabase(): Promise<string> {
  const name = `latchkey_bench_${randomBytes(5).toString('hex')}`;
  await withAdmin((sql) => sql.unsafe(`create database "${name}"`));
  onCleanup(`database ${name}`, () => withAdmin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)).then(() => {}));
  const url = new URL(config.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Measuring.

// Random per run, so a password-strength policy accepts it and nothing about it is guessable.
const PASSWORD_STEM = randomBytes(12).toString('base64url');
const credentials = (i: number) => ({ email: `bench${i}@example.com`, password: `${PASSWORD_STEM}-${i}` });

async function request(base: string, method: string, pathname: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${base}${pathname}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

async function seed(server: Server): Promise<string> {
  for (let i = 0; i < config.users; i += 4) {
    const batch = Array.from({ length: Math.min(4, config.users - i) }, (_, j) => request(server.base, 'POST', '/api/users', credentials(i + j)));
    for (const answer of await Promise.all(batch)) {
      if (answer.status !== 200) throw new Error(`${server.name}: sign-up answered ${answer.status} ${JSON.stringify(answer.json)}`);
    }
  }
  const login = await request(server.base, 'POST', '/api/users/login', credentials(0));
  const token = (login.json as { id?: unknown } | undefined)?.id;
  if (login.status !== 200 || typeof token !== 'string') throw new Error(`${server.name}: login answered ${login.status}`);
  return token;
}

/** Median time of one bcrypt comparison on one core, at the cost the servers use. */
function timeOneCompare(cost: number): number {
  const hash = bcrypt.hashSync('bench-bound', cost);
  for (let i = 0; i < 3; i++) bcrypt.compareSync('bench-bound', hash);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = process.hrtime.bigint();
    bcrypt.compareSync('bench-bound', hash);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** CPU milliseconds per successful request: the server's process (all threads) and its database. */
interface CpuPerRequest {
  serverMs: number;
  databaseMs: number | null;
}

interface ServerResults {
  login: LoadResult & { cpu: CpuPerRequest | null };
  me: LoadResult & { cpu: CpuPerRequest | null };
  meDuringLogins: LoadResult;
  loginsDuringMe: LoadResult;
  peakRssMb: number;
}

const problems: string[] = [];

function check<T extends LoadResult>(server: string, phase: string, result: T): T {
  if (result.ok === 0) throw new Error(`${server} ${phase}: no successful responses ${JSON.stringify(result.statusCodes)}`);
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) problems.push(`${server} ${phase}: ${bad} failed of ${result.ok + bad} (${JSON.stringify(result.statusCodes)}, ${result.errors} errors, ${result.timeouts} timeouts)`);
  return result;
}

/** Runs one phase and charges the CPU the server (and its database) spent to its successful requests. */
async function measured(server: Server, requests: LoadRequest[], options: LoadOptions): Promise<LoadResult & { cpu: CpuPerRequest | null }> {
  const serverPids = () => (existsSync('/proc/self/stat') ? descendants(server.process.pid!) : []);
  const databasePids = async () => (server.databasePids ? await server.databasePids().catch(() => []) : []);
  const before = { server: cpuSeconds(serverPids()), database: cpuSeconds(await databasePids()) };
  const result = await load(server.base, requests, options);
  const after = { server: cpuSeconds(serverPids()), database: cpuSeconds(await databasePids()) };
  // A process that started during the phase counts from zero.
  const spent = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((sum, [pid, t]) => sum + t - (a.get(pid) ?? 0), 0);
  const cpu =
    after.server.size === 0 || result.ok === 0
      ? null
      : {
          serverMs: (spent(before.server, after.server) * 1000) / result.ok,
          databaseMs: server.databasePids && after.database.size > 0 ? (spent(before.database, after.database) * 1000) / result.ok : null,
        };
  return { ...result, cpu };
}

function workload(token: string) {
  const bodies = Array.from({ length: config.users }, (_, i) => JSON.stringify(credentials(i)));
  return {
    logins: [{ method: 'POST', path: '/api/users/login', headers: { 'content-type': 'application/json' } }] as LoadRequest[],
    loginLoad: { connections: config.loginConnections, duration: config.duration, bodies },
    me: [{ method: 'GET', path: '/api/users/me', headers: { authorization: token } }] as LoadRequest[],
  };
}

/**
 * The phases, each run on one server and then the other, so a change in the machine's background
 * load during the run falls on both sides of every ratio rather than on one server's half.
 */
async function measure(servers: { server: Server; token: string }[]): Promise<ServerResults[]> {
  const work = servers.map(({ server, token }) => ({ server, ...workload(token) }));
  if (config.warmup > 0) {
    for (const { server, logins, loginLoad, me } of work) {
      console.log(`  ${server.name}: warming up`);
      await load(server.base, logins, { ...loginLoad, duration: config.warmup });
      await load(server.base, me, { connections: config.meConnections, duration: config.warmup });
    }
  }
  const login: ServerResults['login'][] = [];
  for (const { server, logins, loginLoad } of work) {
    console.log(`  ${server.name}: logins at full load`);
    login.push(check(server.name, 'login', await measured(server, logins, loginLoad)));
  }
  const me: ServerResults['me'][] = [];
  for (const { server, me: requests } of work) {
    console.log(`  ${server.name}: GET /api/users/me at full load`);
    me.push(check(server.name, '/me', await measured(server, requests, { connections: config.meConnections, duration: config.duration })));
  }
  const mixed: { meDuringLogins: LoadResult; loginsDuringMe: LoadResult }[] = [];
  for (const { server, logins, loginLoad, me: requests } of work) {
    console.log(`  ${server.name}: GET /api/users/me at ${config.mixedMeRate}/s while logins run at full load`);
    // Logins start first and end last, so every /me request is sent while they are in full swing.
    const background = load(server.base, logins, { ...loginLoad, duration: config.duration + 2 });
    await sleep(1000);
    const during = load(server.base, requests, { connections: config.mixedMeConnections, duration: config.duration, overallRate: config.mixedMeRate });
    const [loginsDuringMe, meDuringLogins] = await Promise.all([background, during]);
    mixed.push({
      meDuringLogins: check(server.name, '/me during logins', meDuringLogins),
      loginsDuringMe: check(server.name, 'logins during /me', loginsDuringMe),
    });
  }
  return work.map(({ server }, i) => ({ login: login[i]!, me: me[i]!, ...mixed[i]!, peakRssMb: server.memory.peakMb() }));
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const fixed = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const cpuCell = (cpu: CpuPerRequest | null) =>
  cpu === null ? 'n/a' : cpu.databaseMs === null ? fixed(cpu.serverMs, 2) : `${fixed(cpu.serverMs, 2)} + ${fixed(cpu.databaseMs, 2)}`;
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

function report(result: {
  bound: { compareMs: number; loginsPerSecond: number };
  latchkey: ServerResults;
  loopback: ServerResults;
}) {
  const { bound, latchkey: lk, loopback: lb } = result;
  const ratios = {
    loginThroughput: ratio(lk.login.perSecond, lb.login.perSecond),
    meThroughput: ratio(lk.me.perSecond, lb.me.perSecond),
    meP50: ratio(lk.me.latencyMs.p50, lb.me.latencyMs.p50),
    meP99: ratio(lk.me.latencyMs.p99, lb.me.latencyMs.p99),
    meP99DuringLogins: ratio(lk.meDuringLogins.latencyMs.p99, lb.meDuringLogins.latencyMs.p99),
    peakRss: ratio(lk.peakRssMb, lb.peakRssMb),
  };
  const loginVsBound = lk.login.perSecond / bound.loginsPerSecond;
  const targets = [
    { target: 'login throughput ÷ machine bound ≥ 0.9', got: loginVsBound, met: loginVsBound >= 0.9 },
    { target: 'login throughput ÷ LoopBack ≥ 1.8', got: ratios.loginThroughput, met: (ratios.loginThroughput ?? 0) >= 1.8 },
    {
      target: '/me p99 during logins ÷ LoopBack ≤ 0.1 (10× lower)',
      got: ratios.meP99DuringLogins,
      met: ratios.meP99DuringLogins !== null && ratios.meP99DuringLogins <= 0.1,
    },
    { target: '/me throughput ÷ LoopBack ≥ 1', got: ratios.meThroughput, met: (ratios.meThroughput ?? 0) >= 1 },
  ];

  const rows: [string, string, string, string][] = [
    ['login throughput (logins/s)', fixed(lk.login.perSecond), fixed(lb.login.perSecond), fixed(ratios.loginThroughput, 2)],
    [`login ÷ machine bound (${fixed(bound.loginsPerSecond)}/s)`, fixed(loginVsBound, 2), fixed(lb.login.perSecond / bound.loginsPerSecond, 2), ''],
    ['login p50 / p99 (ms)', `${fixed(lk.login.latencyMs.p50, 0)} / ${fixed(lk.login.latencyMs.p99, 0)}`, `${fixed(lb.login.latencyMs.p50, 0)} / ${fixed(lb.login.latencyMs.p99, 0)}`, ''],
    ['GET /me throughput (req/s)', fixed(lk.me.perSecond, 0), fixed(lb.me.perSecond, 0), fixed(ratios.meThroughput, 2)],
    ['GET /me p50 (ms)', fixed(lk.me.latencyMs.p50, 2), fixed(lb.me.latencyMs.p50, 2), fixed(ratios.meP50, 2)],
    ['GET /me p99 (ms)', fixed(lk.me.latencyMs.p99, 2), fixed(lb.me.latencyMs.p99, 2), fixed(ratios.meP99, 2)],
    [
      `GET /me p99 during logins (ms, ${config.mixedMeRate}/s)`,
      fixed(lk.meDuringLogins.latencyMs.p99, 2),
      fixed(lb.meDuringLogins.latencyMs.p99, 2),
      fixed(ratios.meP99DuringLogins, 3),
    ],
    ['logins/s meanwhile', fixed(lk.loginsDuringMe.perSecond), fixed(lb.loginsDuringMe.perSecond), fixed(ratio(lk.loginsDuringMe.perSecond, lb.loginsDuringMe.perSecond), 2)],
    ['CPU per login: server + database (ms)', cpuCell(lk.login.cpu), cpuCell(lb.login.cpu), ''],
    ['CPU per GET /me: server + database (ms)', cpuCell(lk.me.cpu), cpuCell(lb.me.cpu), ''],
    ['peak RSS (MB)', fixed(lk.peakRssMb, 0), fixed(lb.peakRssMb, 0), fixed(ratios.peakRss, 2)],
  ];
  const table = [
    '| metric | Latchkey | LoopBack 3 | Latchkey ÷ LoopBack |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    '| target | got | met |',
    '|---|---:|:---:|',
    ...targets.map((t) => `| ${t.target} | ${fixed(t.got, 3)} | ${t.met ? 'yes' : '**no**'} |`),
  ].join('\n');
  return { ratios, loginVsBound, targets, table };
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const logs = mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-logs-'));
  let keepLogs = true;
  onCleanup('logs', () => {
    if (!keepLogs) rmSync(logs, { recursive: true, force: true });
    else console.error(`Server and build logs: ${logs}`);
  });
  if (config.cost !== LOOPBACK_BCRYPT_COST) {
    console.warn(`BCRYPT_COST is ${config.cost}; LoopBack hashes at ${LOOPBACK_BCRYPT_COST}, so the login comparison is uneven.`);
  }

  await build(logs);
  const lbDir = await loopbackApp(logs);
  const databaseUrl = await createDatabase();
  const databaseName = new URL(databaseUrl).pathname.slice(1);

  console.log(`Starting Latchkey on ${HOST}:${config.port} and LoopBack 3 on ${HOST}:${config.loopbackPort}…`);
  // Production runs `node server.mjs` (Next behind a plain Node server); `next start` otherwise.
  const serverScript = path.join(ROOT, 'server.mjs');
  const latchkeyCommand = existsSync(serverScript)
    ? [process.execPath, serverScript]
    : [process.execPath, NEXT_BIN, 'start', '-p', String(config.port), '-H', HOST];
  const latchkey = await startServer('Latchkey', config.port, latchkeyCommand, {
    cwd: ROOT,
    logs,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(config.port),
      HOST,
      DATABASE_URL: databaseUrl,
      BCRYPT_COST: String(config.cost),
      APP_URL: `http://${HOST}:${config.port}`,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      // Seeding signs up every bench user from one address; the bench measures logins, not this limit.
      SIGNUP_SOURCE_LIMIT: '100000',
      // Every bench connection comes from one address; the bench measures throughput, not this cap.
      LOGIN_SOURCE_CONCURRENCY: String(Math.max(8, config.loginConnections)),
      HASH_QUEUE_LIMIT: String(Math.max(64, config.loginConnections * 2)),
    },
  });
  latchkey.databasePids = () => backendPids(databaseName);
  const loopback = await startServer('LoopBack 3', config.loopbackPort, [process.execPath, 'server.js'], {
    cwd: lbDir,
    logs,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(config.loopbackPort) },
  });

  console.log(`Seeding ${config.users} users in each…`);
  const latchkeyToken = await seed(latchkey);
  const loopbackToken = await seed(loopback);

  const compareMs = timeOneCompare(config.cost);
  const bound = { compareMs, loginsPerSecond: (CORES * 1000) / compareMs };
  console.log(`Machine bound: ${CORES} cores ÷ ${compareMs.toFixed(1)} ms per bcrypt check (cost ${config.cost}) = ${bound.loginsPerSecond.toFixed(1)} logins/s`);

  console.log('Measuring:');
  const [latchkeyResults, loopbackResults] = (await measure([
    { server: latchkey, token: latchkeyToken },
    { server: loopback, token: loopbackToken },
  ])) as [ServerResults, ServerResults];

  const summary = report({ bound, latchkey: latchkeyResults, loopback: loopbackResults });
  const timestamp = new Date().toISOString();
  const json = {
    timestamp,
    commit: gitCommit(),
    machine: { cores: CORES, cpu: os.cpus()[0]?.model ?? null, node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg() },
    settings: {
      bcryptCost: config.cost,
      durationSeconds: config.duration,
      warmupSeconds: config.warmup,
      users: config.users,
      loginConnections: config.loginConnections,
      meConnections: config.meConnections,
      meDuringLoginsRate: config.mixedMeRate,
      meDuringLoginsConnections: config.mixedMeConnections,
    },
    bound,
    latchkey: latchkeyResults,
    loopback: loopbackResults,
    ratios: { ...summary.ratios, latchkeyLoginVsBound: summary.loginVsBound },
    targets: summary.targets,
    problems,
    table: summary.table,
  };
  mkdirSync(RESULTS, { recursive: true });
  const body = `${JSON.stringify(json, null, 2)}\n`;
  writeFileSync(path.join(RESULTS, `${timestamp.replace(/[:.]/g, '-')}.json`), body);
  writeFileSync(path.join(RESULTS, 'latest.json'), body);

  console.log(`\n${summary.table}\n`);
  for (const problem of problems) console.warn(`warning: ${problem}`);
  console.log(`Results: bench/results/latest.json (machine load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')})`);
  keepLogs = problems.length > 0;
  return summary.targets.every((t) => t.met);
}

main()
  .then(async (met) => {
    await cleanUp();
    process.exit(config.enforce && !met ? 2 : 0);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await cleanUp();
    process.exit(1);
  });
