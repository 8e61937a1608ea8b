import { describe, expect, it } from 'vitest';
import { readVerifyOutcome, verifyOutcomePath } from './outcome';

describe('verifyOutcomePath', () => {
  it('names the outcome with a fixed key', () => {
    expect(verifyOutcomePath({ result: 'confirmed' })).toBe('/verify?result=confirmed');
    expect(verifyOutcomePath({ result: 'already' })).toBe('/verify?result=already');
    expect(verifyOutcomePath({ result: 'invalid' })).toBe('/verify?result=invalid');
  });

  it('rounds a throttled wait up to whole minutes, at least one', () => {
    expect(verifyOutcomePath({ result: 'throttled', retryAfter: 61 })).toBe('/verify?result=throttled&retry=2');
    expect(verifyOutcomePath({ result: 'throttled', retryAfter: 5 })).toBe('/verify?result=throttled&retry=1');
    expect(verifyOutcomePath({ result: 'throttled' })).toBe('/verify?result=throttled&retry=1');
  });
});

describe('readVerifyOutcome', () => {
  it('reads back every outcome it writes', () => {
    for (const outcome of [{ result: 'confirmed' }, { result: 'already' }, { result: 'invalid' }] as const) {
      const url = new URL(verifyOutcomePath(outcome), 'http://x');
      expect(readVerifyOutcome(url.searchParams.get('result') ?? undefined, undefined)).toEqual(outcome);
    }
    expect(readVerifyOutcome('throttled', '15')).toEqual({ result: 'throttled', retryMinutes: 15 });
  });

  it.each([undefined, '', 'CONFIRMED', 'hacked', '<script>'])('reads %j as a link that does not work', (result) => {
    expect(readVerifyOutcome(result, undefined)).toEqual({ result: 'invalid' });
  });

  it.each([undefined, 'abc', '-5', '0', '99999', '1e3'])('keeps a strange wait %j within 1 minute to a day', (retry) => {
    const outcome = readVerifyOutcome('throttled', retry);
    expect(outcome.result).toBe('throttled');
    if (outcome.result === 'throttled') {
      expect(outcome.retryMinutes).toBeGreaterThanOrEqual(1);
      expect(outcome.retryMinutes).toBeLessThanOrEqual(24 * 60);
    }
  });
});
