import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_RETRY_AFTER } from '@/lib/db/unavailable';
import { markDatabaseAway, REQUEST_SCOPE, type RequestScope } from './request-scope';

const slot = Symbol.for(REQUEST_SCOPE);
const holder = globalThis as Record<symbol, unknown>;

afterEach(() => {
  delete holder[slot];
});

describe('the request scope', () => {
  it('marks the request being served, and only that one', async () => {
    const storage = new AsyncLocalStorage<RequestScope>();
    holder[slot] = storage;
    const failing: RequestScope = { retryAfter: undefined };
    const other: RequestScope = { retryAfter: undefined };
    await Promise.all([
      storage.run(failing, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        markDatabaseAway();
      }),
      storage.run(other, async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }),
    ]);
    expect(failing.retryAfter).toBe(DATABASE_RETRY_AFTER);
    expect(other.retryAfter).toBeUndefined();
  });

  it('does nothing outside server.mjs', () => {
    expect(() => markDatabaseAway()).not.toThrow();
  });
});
