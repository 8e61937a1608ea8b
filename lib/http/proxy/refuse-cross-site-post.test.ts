import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The trust policy reads TRUST_PROXY when it loads: a fresh copy per setting. */
async function load(trustProxy?: string) {
  vi.resetModules();
  if (trustProxy) vi.stubEnv('TRUST_PROXY', trustProxy);
  return (await import('./refuse-cross-site-post')).refuseCrossSitePost;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const post = (headers: Record<string, string>, method = 'POST') => new NextRequest('http://latchkey.test/login', { method, headers });

describe('refuseCrossSitePost', () => {
  it('refuses a POST from another origin, and Origin null, with a plain 403', async () => {
    const refuse = await load();
    for (const origin of ['https://evil.example', 'null']) {
      const response = refuse(post({ origin, host: 'latchkey.test' }))!;
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toBe('Cross-site form submissions are not accepted.\n');
    }
  });

  it("passes APP_URL's origin, the Host's own origin, and a POST without Origin", async () => {
    const refuse = await load();
    expect(refuse(post({ origin: 'http://latchkey.test' }))).toBeUndefined();
    expect(refuse(post({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }))).toBeUndefined();
    expect(refuse(post({ host: 'latchkey.test' }))).toBeUndefined();
  });

  it('ignores other methods', async () => {
    const refuse = await load();
    expect(refuse(post({ origin: 'https://evil.example' }, 'GET'))).toBeUndefined();
  });

  it('does not believe a forged X-Forwarded-Host without TRUST_PROXY', async () => {
    const refuse = await load();
    const response = refuse(post({ origin: 'https://evil.example', host: 'latchkey.test', 'x-forwarded-host': 'evil.example' }));
    expect(response?.status).toBe(403);
  });

  it('compares with X-Forwarded-Host behind a trusted proxy, and not with Host then', async () => {
    const refuse = await load('x-forwarded-for');
    expect(refuse(post({ origin: 'https://accounts.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'accounts.example' }))).toBeUndefined();
    expect(refuse(post({ origin: 'https://evil.example', host: 'evil.example', 'x-forwarded-host': 'accounts.example' }))?.status).toBe(403);
  });
});
