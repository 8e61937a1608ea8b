/** The bench's fixed facts and its settings (environment; see bench/README.md). */
import os from 'node:os';
import path from 'node:path';
import { env } from '../lib/env';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DIST_DIR = '.next-bench';
/** The Next.js floor: one route handler, built with Latchkey's own next.config.ts. */
export const FLOOR_DIR = path.join(ROOT, 'bench', 'floor');
export const FLOOR_DIST_DIR = '.next-floor';
export const HOST = '127.0.0.1';
export const CORES = os.availableParallelism();
export const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
export const LOAD_SCRIPT = path.join(ROOT, 'bench', 'load.mjs');
export const RESULTS = path.join(ROOT, 'bench', 'results');
/** The cost LoopBack 3's User model hashes with (its `saltWorkFactor` default). */
export const LOOPBACK_BCRYPT_COST = 10;

/** A whole-number setting from the environment, checked against its bounds. */
export function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function processCounts(raw: string): number[] {
  const counts = raw.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.length > 4 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) {
    throw new Error('BENCH_PROCESSES must be up to four whole numbers from 1 to 64, comma-separated');
  }
  return [...new Set(counts)].sort((a, b) => a - b);
}

export const config = {
  adminUrl: process.env.BENCH_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  loopbackDir: path.resolve(ROOT, process.env.BENCH_LOOPBACK_DIR || '../shared/reference/loopback3'),
  /** The first of the consecutive ports the servers listen on, one each (see bench/README.md). */
  port: setting('BENCH_PORT', 3200, 1024, 65529),
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
  /** LoopBack 3 on PostgreSQL runs once per process count here; Latchkey too, and once as shipped. */
  processCounts: processCounts(process.env.BENCH_PROCESSES || '1,2'),
  /** LoopBack 3 on its memory connector (one process), for reference. */
  memoryReference: process.env.BENCH_LOOPBACK_MEMORY !== '0',
  skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  /** Exit with status 2 when a target is missed (the default only reports). */
  enforce: process.env.BENCH_ENFORCE === '1',
  cost: env.BCRYPT_COST,
};
