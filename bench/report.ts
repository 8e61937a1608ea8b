/** The summary table, the targets, and the results files. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config, CORES, RESULTS, ROOT } from './config';
import type { CpuPerRequest, ServerResults } from './measure';

const fixed = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits));
const cpuCell = (cpu: CpuPerRequest | null) =>
  cpu === null ? 'n/a' : cpu.databaseMs === null ? fixed(cpu.serverMs, 2) : `${fixed(cpu.serverMs, 2)} + ${fixed(cpu.databaseMs, 2)}`;
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

export function report(result: { bound: { compareMs: number; loginsPerSecond: number }; latchkey: ServerResults; loopback: ServerResults }) {
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
    [
      'login p50 / p99 (ms)',
      `${fixed(lk.login.latencyMs.p50, 0)} / ${fixed(lk.login.latencyMs.p99, 0)}`,
      `${fixed(lb.login.latencyMs.p50, 0)} / ${fixed(lb.login.latencyMs.p99, 0)}`,
      '',
    ],
    ['GET /me throughput (req/s)', fixed(lk.me.perSecond, 0), fixed(lb.me.perSecond, 0), fixed(ratios.meThroughput, 2)],
    ['GET /me p50 (ms)', fixed(lk.me.latencyMs.p50, 2), fixed(lb.me.latencyMs.p50, 2), fixed(ratios.meP50, 2)],
    ['GET /me p99 (ms)', fixed(lk.me.latencyMs.p99, 2), fixed(lb.me.latencyMs.p99, 2), fixed(ratios.meP99, 2)],
    [
      `GET /me p99 during logins (ms, ${config.mixedMeRate}/s)`,
      fixed(lk.meDuringLogins.latencyMs.p99, 2),
      fixed(lb.meDuringLogins.latencyMs.p99, 2),
      fixed(ratios.meP99DuringLogins, 3),
    ],
    [
      'logins/s meanwhile',
      fixed(lk.loginsDuringMe.perSecond),
      fixed(lb.loginsDuringMe.perSecond),
      fixed(ratio(lk.loginsDuringMe.perSecond, lb.loginsDuringMe.perSecond), 2),
    ],
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

/** Every figure of the run, as `bench/results/<timestamp>.json` and `bench/results/latest.json`. */
export function writeResults(run: {
  bound: { compareMs: number; loginsPerSecond: number };
  latchkey: ServerResults;
  loopback: ServerResults;
  summary: ReturnType<typeof report>;
  problems: string[];
}): void {
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
      loginConnections: config.loginConnections,
      meConnections: config.meConnections,
      meDuringLoginsRate: config.mixedMeRate,
      meDuringLoginsConnections: config.mixedMeConnections,
    },
    bound: run.bound,
    latchkey: run.latchkey,
    loopback: run.loopback,
    ratios: { ...summary.ratios, latchkeyLoginVsBound: summary.loginVsBound },
    targets: summary.targets,
    problems: run.problems,
    table: summary.table,
  };
  mkdirSync(RESULTS, { recursive: true });
  const body = `${JSON.stringify(json, null, 2)}\n`;
  writeFileSync(path.join(RESULTS, `${timestamp.replace(/[:.]/g, '-')}.json`), body);
  writeFileSync(path.join(RESULTS, 'latest.json'), body);
}
