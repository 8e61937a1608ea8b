import { LOAD_SCRIPT } from './config';
import { run } from './processes';

// Load: autocannon in a child process per phase.

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  durationSeconds: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  perSecond: number;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null; mean: number | null };
}

export interface LoadOptions {
  connections: number;
  duration: number;
  overallRate?: number;
  /** Bodies taken in turn by successive requests, across connections. */
  bodies?: string[];
}

export async function load(base: string, requests: LoadRequest[], options: LoadOptions): Promise<LoadResult> {
  const input = JSON.stringify({ url: base, requests, ...options });
  const output = await run(process.execPath, [LOAD_SCRIPT, input], { timeoutMs: (options.duration + 60) * 1000 });
  const line = output.trim().split('\n').at(-1);
  if (!line) throw new Error('the load generator printed no result');
  return JSON.parse(line) as LoadResult;
}
