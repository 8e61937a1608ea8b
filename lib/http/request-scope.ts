import type { AsyncLocalStorage } from 'node:async_hooks';
import { DATABASE_RETRY_AFTER } from '@/lib/db/unavailable';

/**
 * What the app may tell server.mjs about the answer to the request it is serving. server.mjs runs
 * each request in an AsyncLocalStorage kept on globalThis under this name (plain JavaScript, it
 * cannot import this file; a test holds the two names equal). Outside server.mjs (tests calling
 * handlers directly) there is no scope, and telling it anything does nothing.
 */
export const REQUEST_SCOPE = 'latchkey.request-scope';

export interface RequestScope {
  /** Set when the answer failed because the database is away: server.mjs makes Next's 500 a 503 with this Retry-After. */
  retryAfter: number | undefined;
}

function current(): RequestScope | undefined {
  const storage = (globalThis as Record<symbol, AsyncLocalStorage<RequestScope> | undefined>)[Symbol.for(REQUEST_SCOPE)];
  return storage?.getStore();
}

/** Marks the request being served as failed for want of the database. */
export function markDatabaseAway(): void {
  const scope = current();
  if (scope) scope.retryAfter = DATABASE_RETRY_AFTER;
}
