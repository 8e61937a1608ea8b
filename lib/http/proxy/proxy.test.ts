import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** proxy.ts reads TRUST_PROXY when it loads: a fresh copy per setting. */
async function loadProxy(trustProxy?: string) {
  vi.resetModules();
  if (trustProxy) vi.stubEnv('TRUST_PROXY', trustProxy);
  return (await import('@/proxy')).proxy;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

function post(path: string, headers: Record<string, string>) {
  return new NextRequest(`http://latchkey.test${path}`, { method: 'POST', headers });
}

describe('the whole proxy, on a cross-site form post', () => {
  it('does not let a forged X-Forwarded-Host make a cross-site POST look same-origin', async () => {
    const proxy = await loadProxy();
    // What an attacker sends by hand: their own origin, and a forwarded host claiming to match it.
    const response = await proxy(post('/login', { origin: 'https://evil.example', host: 'latchkey.test', 'x-forwarded-host': 'evil.example' }));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('Cross-site form submissions are not accepted.\n');
  });

  it('believes X-Forwarded-Host when TRUST_PROXY says a proxy sets the headers', async () => {
    const proxy = await loadProxy('x-forwarded-for');
    const response = await proxy(
      post('/login', { origin: 'https://accounts.example', host: '10.0.0.5:3000', 'x-forwarded-host': 'accounts.example' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });
});
