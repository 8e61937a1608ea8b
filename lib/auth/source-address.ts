import { isIPv4, isIPv6 } from 'node:net';

/**
 * The part of a client address that per-source limits count by. One IPv6 subscriber usually holds a
 * whole /64 and can pick any address in it, so IPv6 sources are grouped by their /64; an
 * IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a dual-stack socket reports) is its IPv4.
 */
export function normalizeAddress(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith('[') && a.includes(']')) a = a.slice(1, a.indexOf(']'));
  a = a.replace(/%.*$/, ''); // zone index
  if (!isIPv6(a)) return a;
  const g = groups(a);
  if (g.slice(0, 5).every((x) => x === '0') && g[5] === 'ffff') {
    const [hi, lo] = [Number.parseInt(g[6]!, 16), Number.parseInt(g[7]!, 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return a;
}

/** Expands an IPv6 address to its eight groups (embedded IPv4 tails included). */
function groups(address: string): string[] {
  let a = address;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (tail) {
    const [b0, b1, b2, b3] = tail[1]!.split('.').map(Number) as [number, number, number, number];
    a = `${a.slice(0, -tail[1]!.length)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head, rest] = a.includes('::') ? (a.split('::') as [string, string]) : [a, undefined];
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const fill = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

/** The key a per-source limit counts `address` under: an IPv4 address, an IPv6 /64, or the text itself. */
export function sourceKeyOf(address: string | null | undefined): string {
  if (!address) return 'unknown';
  const a = normalizeAddress(address);
  if (isIPv4(a)) return a;
  if (isIPv6(a)) return `${groups(a).slice(0, 4).join(':')}::/64`;
  return a.slice(0, 64);
}
