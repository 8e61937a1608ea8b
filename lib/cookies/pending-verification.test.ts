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

describe('the pending-verification cookie', () => {
  it('is sealed: a plain or forged id is not accepted, the sealed one is', async () => {
    const { cookies } = await import('next/headers');
    const jar = new Map<string, string>();
    vi.mocked(cookies).mockResolvedValue({
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      set: (name: string, value: string) => void jar.set(name, value),
    } as never);
    const { pendingVerification, rememberPendingVerification } = await import('./pending-verification');

    await rememberPendingVerification(1357924680, 'signup');
    const [[name, sealed]] = [...jar.entries()] as [[string, string]];
    // Ten digits: a short id could turn up among the seal's random characters by chance.
    expect(sealed).not.toContain('1357924680');
    expect(sealed).not.toContain('signup');
    expect(await pendingVerification()).toEqual({ id: '1357924680', via: 'signup' });

    // What an attacker would plant: another account's id, in clear or in a tampered seal.
    jar.set(name, '1357924681');
    expect(await pendingVerification()).toBeNull();
    jar.set(name, `${sealed.slice(0, -4)}AAAA`);
    expect(await pendingVerification()).toBeNull();
  });
});
