import { describe, expect, it } from 'vitest';
import { normalizeAddress, sourceKeyOf } from './source-address';

describe('source addresses', () => {
  it('treats an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(normalizeAddress('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(normalizeAddress('[::FFFF:c000:207]')).toBe('192.0.2.7');
    expect(sourceKeyOf('::ffff:192.0.2.7')).toBe(sourceKeyOf('192.0.2.7'));
  });

  it('groups IPv6 sources by /64, however the address is written', () => {
    const a = sourceKeyOf('2001:db8:1:2::1');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(sourceKeyOf('2001:0db8:0001:0002:ffff:ffff:ffff:fffe')).toBe(a);
    expect(sourceKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceKeyOf('2001:db8:1:3::1')).not.toBe(a);
    expect(sourceKeyOf('::1')).toBe('0:0:0:0::/64');
  });

  it('keeps IPv4 addresses and odd values apart', () => {
    expect(sourceKeyOf('198.51.100.1')).not.toBe(sourceKeyOf('198.51.100.2'));
    expect(sourceKeyOf(undefined)).toBe('unknown');
    expect(sourceKeyOf('not an address')).toBe('not an address');
  });
});
