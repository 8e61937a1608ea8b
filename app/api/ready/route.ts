import { pingDatabase } from '@/lib/db';
import { isDatabaseUnavailable } from '@/lib/db/unavailable';
import { databaseUnavailable, json, noMethod, route } from '@/lib/http';

/** Well below the usual probe timeouts (a second or more), so the probe gets an answer, not a timeout. */
const READY_TIMEOUT_MS = 1000;

/**
 * `GET /api/ready`: the database answers (readiness). Until it does, the same 503 every request
 * gets during an outage, and the load balancer sends traffic elsewhere. Not logged: a probe asks
 * every few seconds, and the requests that fail say it already.
 */
export const GET = route(async () => {
  try {
    await pingDatabase(READY_TIMEOUT_MS);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return databaseUnavailable();
    throw error;
  }
  return json({ status: 'ok' });
});

export const POST = route(noMethod);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
export const DELETE = route(noMethod);
