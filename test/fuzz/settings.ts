/**
 * How long the fuzzers run. `npm test` runs a small, fixed sample; `npm run fuzz` sets FUZZ_RUNS
 * (runs per entry point) high, and FUZZ_SEED replays a failure that fast-check reported. These are
 * settings of the test run, not of the app, so they are read here and not in lib/env.ts.
 */
function whole(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be a whole number`);
  return n;
}

export const FUZZ_RUNS = whole('FUZZ_RUNS', 12);
export const FUZZ_SEED = whole('FUZZ_SEED', 20261203);
/** Per entry point: a long run must not hit the suite's usual timeout. */
export const FUZZ_TIMEOUT_MS = Math.max(60_000, FUZZ_RUNS * 2_000);
