/** Seeding the servers, the machine's bound for logins, and the measured phases. */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import { config } from './config';
import { load, type LoadOptions, type LoadRequest, type LoadResult } from './loadgen';
import { sleep } from './processes';
import { cpuSeconds, descendants } from './resources';
import type { Server } from './servers';

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

export async function seed(server: Server): Promise<string> {
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
export function timeOneCompare(cost: number): number {
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
export interface CpuPerRequest {
  serverMs: number;
  databaseMs: number | null;
}

/** The floor only answers `/me`; the login phases are absent for it. */
export interface ServerResults {
  login: (LoadResult & { cpu: CpuPerRequest | null }) | null;
  me: LoadResult & { cpu: CpuPerRequest | null };
  meDuringLogins: LoadResult | null;
  loginsDuringMe: LoadResult | null;
  peakRssMb: number;
}

/** A token the floor never checks: it only reads the header. */
const FLOOR_TOKEN = 'f'.repeat(64);

export const problems: string[] = [];

function check<T extends LoadResult>(server: string, phase: string, result: T): T {
  // Reported, not fatal: the other servers' figures are still worth having.
  if (result.ok === 0) problems.push(`${server} ${phase}: no successful responses ${JSON.stringify(result.statusCodes)}`);
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0)
    problems.push(
      `${server} ${phase}: ${bad} failed of ${result.ok + bad} (${JSON.stringify(result.statusCodes)}, ${result.errors} errors, ${result.timeouts} timeouts)`,
    );
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
export async function measure(servers: { server: Server; token: string | null }[]): Promise<ServerResults[]> {
  const work = servers.map(({ server, token }) => ({ server, logs: token !== null, ...workload(token ?? FLOOR_TOKEN) }));
  const withLogins = work.filter((w) => w.logs);
  if (config.warmup > 0) {
    for (const { server, logins, loginLoad, me, logs } of work) {
      console.log(`  ${server.name}: warming up`);
      if (logs) await load(server.base, logins, { ...loginLoad, duration: config.warmup });
      await load(server.base, me, { connections: config.meConnections, duration: config.warmup });
    }
  }
  const login = new Map<Server, NonNullable<ServerResults['login']>>();
  for (const { server, logins, loginLoad } of withLogins) {
    console.log(`  ${server.name}: logins at full load`);
    login.set(server, check(server.name, 'login', await measured(server, logins, loginLoad)));
  }
  const me: ServerResults['me'][] = [];
  for (const { server, me: requests } of work) {
    console.log(`  ${server.name}: GET /api/users/me at full load`);
    me.push(check(server.name, '/me', await measured(server, requests, { connections: config.meConnections, duration: config.duration })));
  }
  const mixed = new Map<Server, { meDuringLogins: LoadResult; loginsDuringMe: LoadResult }>();
  for (const { server, logins, loginLoad, me: requests } of withLogins) {
    console.log(`  ${server.name}: GET /api/users/me at ${config.mixedMeRate}/s while logins run at full load`);
    // Logins start first and end last, so every /me request is sent while they are in full swing.
    const background = load(server.base, logins, { ...loginLoad, duration: config.duration + 2 });
    await sleep(1000);
    const during = load(server.base, requests, {
      connections: config.mixedMeConnections,
      duration: config.duration,
      overallRate: config.mixedMeRate,
    });
    const [loginsDuringMe, meDuringLogins] = await Promise.all([background, during]);
    mixed.set(server, {
      meDuringLogins: check(server.name, '/me during logins', meDuringLogins),
      loginsDuringMe: check(server.name, 'logins during /me', loginsDuringMe),
    });
  }
  return work.map(({ server }, i) => ({
    login: login.get(server) ?? null,
    me: me[i]!,
    meDuringLogins: mixed.get(server)?.meDuringLogins ?? null,
    loginsDuringMe: mixed.get(server)?.loginsDuringMe ?? null,
    peakRssMb: server.memory.peakMb(),
  }));
}
