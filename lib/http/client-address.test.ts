import { describe, expect, it } from 'vitest';

const KEY = process.env.LATCHKEY_PEER_KEY!;

async function load(trustProxy?: string) {
  // Settings are read when the module loads: load a fresh copy per setting.
  const { vi } = await import('vitest');
  vi.resetModules();
  if (trustProxy) process.env.TRUST_PROXY = trustProxy;
  else delete process.env.TRUST_PROXY;
  return (await import('./client-address')).clientAddress;
}

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('clientAddress', () => {
  it('believes the socket address server.mjs passes on, and never a forwarded header by default', async () => {
    const clientAddress = await load();
    expect(clientAddress(headers({ 'x-latchkey-peer': `${KEY} 203.0.113.7`, 'x-forwarded-for': '1.2.3.4' }))).toBe('203.0.113.7');
    // IPv4-mapped IPv6, as a dual-stack socket reports IPv4 clients, is the IPv4 address.
    expect(clientAddress(headers({ 'x-latchkey-peer': `${KEY} ::ffff:127.0.0.1` }))).toBe('127.0.0.1');
  });

  it('ignores a peer header that does not carry this process key (a client sending its own)', async () => {
    const clientAddress = await load();
    expect(clientAddress(headers({ 'x-latchkey-peer': '198.51.100.1' }))).toBe('unknown');
    expect(clientAddress(headers({ 'x-latchkey-peer': 'wrong-key 198.51.100.1', 'x-forwarded-for': '10.1.1.1' }))).toBe('10.1.1.1');
  });

  it('with TRUST_PROXY=x-forwarded-for, takes the last entry, the one the proxy appended', async () => {
    const clientAddress = await load('x-forwarded-for');
    expect(clientAddress(headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9', 'x-latchkey-peer': `${KEY} 10.0.0.2` }))).toBe('203.0.113.9');
  });

  it('with TRUST_PROXY=x-real-ip, takes that header whole, and falls back to the socket without it', async () => {
    const clientAddress = await load('X-Real-IP');
    expect(clientAddress(headers({ 'x-real-ip': '203.0.113.10' }))).toBe('203.0.113.10');
    expect(clientAddress(headers({ 'x-latchkey-peer': `${KEY} 10.0.0.3` }))).toBe('10.0.0.3');
  });
});
