import { describe, expect, it } from 'vitest';
import { describeDuration } from './duration';

describe('describeDuration', () => {
  it.each([
    [60, '1 minute'],
    [900, '15 minutes'],
    [5400, '90 minutes'],
    [3600, '1 hour'],
    [86400, '24 hours'],
    [172800, '2 days'],
    [30 * 86400, '30 days'],
    [10, '1 minute'],
  ])('%i seconds → %s', (seconds, expected) => {
    expect(describeDuration(seconds)).toBe(expected);
  });
});
