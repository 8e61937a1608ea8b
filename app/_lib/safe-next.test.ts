import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  it.each([
    ['/account', '/account'],
    ['/', '/'],
    ['/?from=login', '/?from=login'],
    ['/account#sessions', '/account#sessions'],
    ['/a/../account', '/account'],
  ])('keeps the local path %j', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/account',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'http:evil.example',
    'javascript:alert(1)',
    'account',
    // Only normalisation makes these protocol-relative: `/.//evil.example` resolves to `//evil.example`.
    '/.//evil.example/landing',
    '/%2e//evil.example',
    '/a/..//evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/%0A/evil.example'.replace('%0A', '\u000a'),
    '',
    `/${'a'.repeat(600)}`,
  ])('refuses %j', (input) => {
    expect(safeNextPath(input)).toBeNull();
  });

  it('refuses anything that is not a string', () => {
    expect(safeNextPath(undefined)).toBeNull();
    expect(safeNextPath(['/account'])).toBeNull();
  });
});
