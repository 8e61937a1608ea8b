/**
 * Whether an error means the database cannot be reached just now (as opposed to a fault in
 * Latchkey or in a query): the one place every front door asks, so that an outage answers 503
 * "try again shortly" everywhere and a real bug still answers 500.
 */

/** Socket-level failures (Node's codes) and postgres.js's own connection codes. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  // The database's host name does not resolve (yet): common while an orchestrator starts it.
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  // The pool was closed: the process is shutting down; the request may be retried elsewhere.
  'CONNECTION_ENDED',
]);

/** SQLSTATEs a server sends when it is going away, starting, full, or a statement ran too long. */
const SERVER_CODES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, or in recovery)
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout bounds a query that would otherwise hold a request
]);

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The code that says why the database is unavailable (`ECONNREFUSED`, `57P01` …), or undefined
 * when `error` is something else. Looks through wrappers: drizzle puts the driver's error in
 * `cause`, and Node reports a refused connection to every address of a host as an AggregateError.
 */
export function databaseUnavailableCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const code = codeOf(error);
  // Class 08: connection exception (the connection failed or was lost).
  if (code !== undefined && (CONNECTION_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return code;
  const inner = [
    (error as { cause?: unknown }).cause,
    ...((error as { errors?: unknown }).errors instanceof Array ? (error as { errors: unknown[] }).errors : []),
  ];
  for (const candidate of inner) {
    const found = databaseUnavailableCode(candidate, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return databaseUnavailableCode(error) !== undefined;
}

/** Seconds a client is asked to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER = 5;

/** What the browser UI says while the database is away: on a refused form, and on the page that stands in for one. */
export const DATABASE_AWAY_MESSAGE = 'Latchkey cannot reach its database just now, so nothing was changed. Please try again shortly.';

/**
 * The digest an error carries to the browser when a page or action failed for this reason: the
 * only thing an error page learns about a server error in production (see app/error.tsx).
 */
export const DATABASE_UNAVAILABLE_DIGEST = 'DATABASE_UNAVAILABLE';
