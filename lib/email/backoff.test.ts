import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff';

describe('retryDelay', () => {
  it('doubles per failure up to the cap, and jitters down by at most half', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1_000, 60_000, high))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1_000, 60_000, low))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(retryDelay(40, 1_000, 60_000, high)).toBe(60_000);
    expect(retryDelay(1_000, 1_000, 60_000, low)).toBe(30_000);
  });

  it('spreads messages that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(3, 1_000, 60_000)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });
});
