import { NextResponse } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('next/headers', () => ({ cookies: vi.fn() }));

/** The cookie modules read NODE_ENV when they load: a fresh copy per setting. */
async function load(nodeEnv: 'production' | 'test') {
  vi.resetModules();
  vi.stubEnv('NODE_ENV', nodeEnv);
  vi.stubEnv('SESSION_SECRET', 'a-test-secret-of-at-least-32-characters');
  return {
    host: await import('./host-cookie'),
    session: await import('./session'),
    reset: await import('./reset-link'),
    links: await import('./emailed-links'),
    device: await import('./device'),
  };
}

function setCookieHeader(name: string, value: string, options: object): string {
  const response = new NextResponse(null);
  response.cookies.set(name, value, options);
  // Next adds Expires from Max-Age; the clock is not what is under test.
  return response.headers.get('set-cookie')!.replace(/ Expires=[^;]+;/, '');
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('cookie names and attributes (browsers hold them: they never change)', () => {
  it('are __Host- prefixed and Secure in production', async () => {
    const { host, session, reset, links, device } = await load('production');
    expect(session.SESSION_COOKIE).toBe('__Host-latchkey-session');
    expect(reset.RESET_COOKIE).toBe('__Host-latchkey-reset');
    expect(links.linkCookieName('/verify')).toBe('__Host-latchkey-verify-link');
    expect(links.linkCookieName('/confirm-email')).toBe('__Host-latchkey-email-change');
    expect(links.linkCookieName('/undo-email-change')).toBe('__Host-latchkey-email-undo');
    expect(device.DEVICE_COOKIE).toBe('__Host-latchkey-device');
    expect(setCookieHeader(reset.RESET_COOKIE, 'tok', reset.resetCookieOptions(900))).toBe(
      '__Host-latchkey-reset=tok; Path=/; Max-Age=900; Secure; HttpOnly; SameSite=lax',
    );
    const { name, options, value } = host.clearedHostCookie('latchkey-email-undo');
    expect(setCookieHeader(name, value, options)).toBe('__Host-latchkey-email-undo=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=lax');
  });

  it('keep the bare name and drop Secure outside production (plain http in development)', async () => {
    const { host, session, reset, links, device } = await load('test');
    expect(session.SESSION_COOKIE).toBe('latchkey-session');
    expect(reset.RESET_COOKIE).toBe('latchkey-reset');
    expect(links.linkCookieName('/verify')).toBe('latchkey-verify-link');
    expect(device.DEVICE_COOKIE).toBe('latchkey-device');
    expect(setCookieHeader(links.linkCookieName('/confirm-email'), 'a', links.linkCookieOptions(3600))).toBe(
      'latchkey-email-change=a; Path=/; Max-Age=3600; HttpOnly; SameSite=lax',
    );
    expect(host.hostCookie('latchkey-device', { maxAge: 60 })).toEqual({
      name: 'latchkey-device',
      options: { httpOnly: true, secure: false, sameSite: 'lax', path: '/', maxAge: 60 },
    });
  });
});
