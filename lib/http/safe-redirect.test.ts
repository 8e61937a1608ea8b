import { describe, expect, it } from 'vitest';

process.env.REDIRECT_ALLOWED_ORIGINS = 'https://app.example.com';
const { safeRedirect } = await import('./safe-redirect');

const APP = 'http://latchkey.test';
const ALLOWED = [APP, 'https://app.example.com'];

/** Where a browser that received `Location: <emitted>` from APP would go (WHATWG URL resolution). */
const browserTarget = (emitted: string) => new URL(emitted, `${APP}/api/users/confirm`);

// [input, what is emitted for a path-only caller (login `next`), for a caller that allows origins (confirm)]
const cases: Array<[string, string | null, string | null]> = [
  ['/landing?a=1#top', '/landing?a=1#top', '/landing?a=1#top'],
  ['/a/../b/./c', '/b/c', '/b/c'],
  ['/%2F%2Fevil.example', '/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ['/.//evil.example/landing', null, null],
  ['/./..//evil.example', null, null],
  ['/%2e//evil.example', null, null],
  ['/%2E%2E//evil.example', null, null],
  ['/.%2e//evil.example', null, null],
  ['//evil.example', null, null],
  ['///evil.example', null, null],
  ['/\\evil.example', null, null],
  ['\\\\evil.example', null, null],
  ['/\t/evil.example', null, null],
  ['/\n/evil.example', null, null],
  ['/\r\n/evil.example', null, null],
  [' //evil.example', null, null],
  ['https:evil.example', null, null],
  ['http:evil.example', null, null],
  ['https:/evil.example', null, null],
  ['https://evil.example', null, null],
  ['https://app.example.com.evil.example/', null, null],
  ['https://app.example.com@evil.example/', null, null],
  ['https://user:pw@app.example.com/', null, null],
  ['javascript:alert(1)', null, null],
  ['JaVaScRiPt:alert(1)', null, null],
  ['/javascript:alert(1)', '/javascript:alert(1)', '/javascript:alert(1)'],
  ['data:text/html,<script>alert(1)</script>', null, null],
  ['evil.example', null, null],
  ['https://app.example.com/welcome', null, 'https://app.example.com/welcome'],
  ['https://APP.example.com:443/./welcome', null, 'https://app.example.com/welcome'],
  ['http://latchkey.test/.//evil.example', null, 'http://latchkey.test//evil.example'],
];

describe('safeRedirect on nasty inputs', () => {
  it.each(cases)('%j → path %j, with origins %j', (input, asPath, withOrigins) => {
    expect(safeRedirect(input)).toBe(asPath);
    expect(safeRedirect(input, { allowOrigins: true })).toBe(withOrigins);
    for (const emitted of [asPath, withOrigins]) {
      if (emitted === null) continue;
      // Whatever is emitted, a browser following it stays on this app or an allowed origin.
      expect(ALLOWED).toContain(browserTarget(emitted).origin);
      expect(emitted).not.toMatch(/[\u0000-\u001f\\]/);
    }
  });

  it('refuses what is not a non-empty string of at most 2048 characters', () => {
    for (const input of [undefined, null, 42, ['/'], '', `/${'a'.repeat(2048)}`]) expect(safeRedirect(input)).toBeNull();
  });
});
