import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * One test run's shared facts. The Playwright config names the run (an id in the environment,
 * inherited by the web server it starts and by every worker); everything else follows from it.
 */

/** `E2E_PORT` moves a run (and its strict server, one port up) so that two checkouts can run side by side. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3300);
export const BASE_URL = `http://localhost:${E2E_PORT}`;

/**
 * A second server from the same build, with the strict settings: addresses must be confirmed
 * before login, and users live in realms (`realm:name` works as well as the realm field). Specs
 * about those settings point their `baseURL` here (e2e/support/strict.ts).
 */
export const STRICT_PORT = E2E_PORT + 1;
export const STRICT_BASE_URL = `http://localhost:${STRICT_PORT}`;
export const STRICT_SETTINGS = { EMAIL_VERIFICATION_REQUIRED: 'true', REALM_REQUIRED: 'true', REALM_DELIMITER: ':' } as const;
const RUN_VARIABLE = 'LATCHKEY_E2E_RUN';

/** Called by the config: creates the run id once, in the runner, before anything is forked. */
export function ensureRunId(): string {
  process.env[RUN_VARIABLE] ??= randomBytes(6).toString('hex');
  return process.env[RUN_VARIABLE];
}

function runId(): string {
  const id = process.env[RUN_VARIABLE];
  if (!id || !/^[0-9a-f]{12}$/.test(id)) throw new Error(`${RUN_VARIABLE} is not set: run the journeys with \`npx playwright test\``);
  return id;
}

/** Scratch space for this run (PGlite, the caught mail); removed when the server stops. */
export function runDir(): string {
  return path.join(os.tmpdir(), `latchkey-e2e-${runId()}`);
}

/** Where the SMTP sink writes each message it catches, as JSON. */
export function mailDir(): string {
  return path.join(runDir(), 'mail');
}

/** The throwaway PostgreSQL database of this run (when DATABASE_URL is set); `suffix` names the strict server's. */
export function databaseName(suffix = ''): string {
  return `latchkey_e2e_${runId()}${suffix}`;
}
