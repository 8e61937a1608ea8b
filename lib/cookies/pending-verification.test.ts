import { describe, expect, it, vi } from 'vitest';

vi.mock('next/headers', () => ({ cookies: vi.fn() }));
const { parsePendingId } = await import('./pending-verification');

describe('parsePendingId', () => {
  it.each(['1', '42', '2147483647'])('accepts the id %j', (value) => {
    expect(parsePendingId(value)).toBe(value);
  });

  it.each([undefined, '', '0', '007', '-1', '1.5', '12345678901', 'abc', '1 ', '1;2'])('refuses %j', (value) => {
    expect(parsePendingId(value)).toBeNull();
  });
});
