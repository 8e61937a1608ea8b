/** The summary table, the targets, and the results files. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config, CORES, RESULTS, ROOT } from './config';
import type { CpuPerRequest, ServerResults } from './measure';
import type { Server } from './servers';

const fixed = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const cpuCell = (cpu: CpuPerRequest | null | undefined) =>
  !cpu ? 'n/a' : cpu.databaseMs === null ? fixed(cpu.serverMs, 2) : `${fixed(cpu.serverMs, 2)} + ${fixed(cpu.databaseMs, 2)}`;
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;

export interface Run {
  server: Server;
  results: ServerResults;
}

interface Bound {
  compareMs: number;
  loginsPerSecond: number;
}

export interface Target {
  target: string;
  got: number | null;
  /** `min`: got must be at least `want`; `max`: at most. */
  want: number;
  kind: 'min' | 'max';
  met: boolean;
  /** For a miss: how far off, in words ("short by 23%", "2.1× over"). */
  miss: string | null;
}

function target(name: string, got: number | null, kind: 'min' | 'max', want: number): Target {
  const met = got !== null && (kind === 'min' ? got >= want : got <= want);
  const miss =
    met || got === null
      ? got === null
        ? 'not measured'
        : null
      : kind === 'min'
        ? `short by ${((1 - got / want) * 100).toFixed(0)}%`
        : `${(got / want).toFixed(1)}× over`;
  return { target: name, got, want, kind, met, miss };
}

/** The run of a server kind at a number of processes; Latchkey as shipped stands for its core count. */
function find(runs: Run[], id: string): Run | undefined {
  return runs.find((r) => r.server.id === id);
}
function latchkeyAt(runs: Run[], processes: number): Run | undefined {
  return find(runs, `latchkey-${processes}`) ?? (processes === CORES ? find(runs, 'latchkey-shipped') : undefined);
}

export function report(result: { bound: Bound; runs: Run[] }) {
  const { bound, runs } = result;
  const shipped = find(runs, 'latchkey-shipped');
  const floor = find(runs, 'floor');
  const lbAt = (n: number) => find(runs, `loopback-pg-${n}`);
  const me = (r: Run | undefined) => r?.results.me.perSecond ?? null;
  const logins = (r: Run | undefined) => r?.results.login?.perSecond ?? null;
  const p99During = (r: Run | undefined) => r?.results.meDuringLogins?.latencyMs.p99 ?? null;

  const targets: Target[] = [];
  const single = latchkeyAt(runs, 1);
  targets.push(target('/me per process ÷ Next.js floor ≥ 0.8 (Latchkey ×1)', ratio(me(single), me(floor)), 'min', 0.8));
  for (const n of config.processCounts) {
    const [lk, lb] = [latchkeyAt(runs, n), lbAt(n)];
    targets.push(target(`/me ÷ LoopBack PG, both ×${n}, ≥ 1`, ratio(me(lk), me(lb)), 'min', 1));
    targets.push(target(`logins ÷ LoopBack PG, both ×${n}, ≥ 1`, ratio(logins(lk), logins(lb)), 'min', 1));
  }
  // LoopBack 3 as shipped is one process (`node .`); WEB_CONCURRENCY is this reference's addition.
  const lbShipped = lbAt(1);
  targets.push(target('/me as shipped ÷ LoopBack PG as shipped (×1) ≥ 1.5', ratio(me(shipped), me(lbShipped)), 'min', 1.5));
  targets.push(target('logins as shipped ÷ LoopBack PG as shipped (×1) ≥ 1.8', ratio(logins(shipped), logins(lbShipped)), 'min', 1.8));
  targets.push(
    target(`logins as shipped ÷ bcrypt bound (${fixed(bound.loginsPerSecond)}/s) ≥ 0.9`, ratio(logins(shipped), bound.loginsPerSecond), 'min', 0.9),
  );
  for (const n of config.processCounts) {
    targets.push(
      target(`/me p99 during logins ÷ LoopBack PG, both ×${n}, ≤ 0.1`, ratio(p99During(latchkeyAt(runs, n)), p99During(lbAt(n))), 'max', 0.1),
    );
  }

  const cells = (f: (r: Run) => string) => runs.map(f);
  const rows: [string, ...string[]][] = [
    ['processes (WEB_CONCURRENCY)', ...cells((r) => `${r.server.processes} (${r.server.askedProcesses ?? 'unset'})`)],
    ['logins/s', ...cells((r) => fixed(logins(r)))],
    [`logins ÷ bcrypt bound (${fixed(bound.loginsPerSecond)}/s)`, ...cells((r) => fixed(ratio(logins(r), bound.loginsPerSecond), 2))],
    [
      'login p50 / p99 (ms)',
      ...cells((r) => (r.results.login ? `${fixed(r.results.login.latencyMs.p50, 0)} / ${fixed(r.results.login.latencyMs.p99, 0)}` : 'n/a')),
    ],
    ['GET /me req/s', ...cells((r) => fixed(me(r), 0))],
    ['GET /me req/s per serving process', ...cells((r) => fixed(ratio(me(r), serving(r)), 0))],
    ['GET /me ÷ floor', ...cells((r) => fixed(ratio(me(r), me(floor)), 2))],
    ['GET /me p50 / p99 (ms)', ...cells((r) => `${fixed(r.results.me.latencyMs.p50, 2)} / ${fixed(r.results.me.latencyMs.p99, 2)}`)],
    [`GET /me p99 during logins (ms, ${config.mixedMeRate}/s)`, ...cells((r) => fixed(p99During(r), 2))],
    ['logins/s meanwhile', ...cells((r) => fixed(r.results.loginsDuringMe?.perSecond))],
    ['CPU per login: server + database (ms)', ...cells((r) => cpuCell(r.results.login?.cpu))],
    ['CPU per GET /me: server + database (ms)', ...cells((r) => cpuCell(r.results.me.cpu))],
    ['peak memory, all processes (MB)', ...cells((r) => fixed(r.results.peakRssMb, 0))],
  ];
  const table = [
    `| metric | ${runs.map((r) => r.server.name).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    '| target | got | met |',
    '|---|---:|:---:|',
    ...targets.map((t) => `| ${t.target} | ${fixed(t.got, 3)} | ${t.met ? 'yes' : `**no** (${t.miss})`} |`),
    '',
    `**${targets.filter((t) => t.met).length} of ${targets.length} targets met.**`,
  ].join('\n');
  return { targets, table };
}

/** Worker processes that answer requests: a cluster's primary only hands out connections. */
function serving(r: Run): number {
  return r.server.processes > 1 ? r.server.processes - 1 : 1;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Every figure of the run, as `bench/results/<timestamp>.json` and `bench/results/latest.json`. */
export function writeResults(run: { bound: Bound; runs: Run[]; summary: ReturnType<typeof report>; problems: string[] }): void {
  const { summary } = run;
  const timestamp = new Date().toISOString();
  const json = {
    timestamp,
    commit: gitCommit(),
    machine: {
      cores: CORES,
      cpu: os.cpus()[0]?.model ?? null,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverage: os.loadavg(),
    },
    settings: {
      bcryptCost: config.cost,
      durationSeconds: config.duration,
      warmupSeconds: config.warmup,
      users: config.users,
      processCounts: config.processCounts,
      loginConnections: config.loginConnections,
      meConnections: config.meConnections,
      meDuringLoginsRate: config.mixedMeRate,
      meDuringLoginsConnections: config.mixedMeConnections,
    },
    bound: run.bound,
    servers: Object.fromEntries(
      run.runs.map(({ server, results }) => [
        server.id,
        { name: server.name, kind: server.kind, askedProcesses: server.askedProcesses, processes: server.processes, ...results },
      ]),
    ),
    targets: summary.targets,
    problems: run.problems,
    table: summary.table,
  };
  mkdirSync(RESULTS, { recursive: true });
  const body = `${JSON.stringify(json, null, 2)}\n`;
  writeFileSync(path.join(RESULTS, `${timestamp.replace(/[:.]/g, '-')}.json`), body);
  writeFileSync(path.join(RESULTS, 'latest.json'), body);
}
