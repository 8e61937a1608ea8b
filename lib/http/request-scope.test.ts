import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
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
    const failing: RequestScope = { databaseAway: false };
    const other: RequestScope = { databaseAway: false };
    await Promise.all([
      storage.run(failing, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        markDatabaseAway();
      }),
      storage.run(other, async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }),
    ]);
    expect(failing.databaseAway).toBe(true);
    expect(other.databaseAway).toBe(false);
  });

  it('does nothing outside server.mjs', () => {
    expect(() => markDatabaseAway()).not.toThrow();
  });
});
