import 'server-only';
import type { RequestContext } from '@/lib/auth/audit';
import { normalizeAddress } from '@/lib/auth/source-address';
import { env } from '@/lib/env';
import { afterResponse } from './after-response';

/**
 * Set by server.mjs on every request, overwriting anything a client sent, as `<key> <address>`:
 * the key is the process's own LATCHKEY_PEER_KEY, so a client cannot supply the header itself.
 */
const PEER_HEADER = 'x-latchkey-peer';

function peerAddress(headers: Headers): string | undefined {
  const value = headers.get(PEER_HEADER);
  if (!value || !env.LATCHKEY_PEER_KEY) return undefined;
  const space = value.indexOf(' ');
  if (space === -1 || value.slice(0, space) !== env.LATCHKEY_PEER_KEY) return undefined;
  return value.slice(space + 1) || undefined;
}

function lastForwarded(value: string): string | undefined {
  // Each proxy appends the address it saw; the last entry is the one our own proxy added.
  return value.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
}

/**
 * The client's address: the socket's, unless TRUST_PROXY names the header a trusted proxy sets.
 * Forwarded headers are otherwise ignored, since anyone can send them. IPv4-mapped IPv6 comes back
 * as IPv4; per-source limits then group IPv6 by /64 (lib/auth/source-address.ts).
 */
export function clientAddress(headers: Headers): string {
  return normalizeAddress(rawClientAddress(headers));
}

function rawClientAddress(headers: Headers): string {
  if (env.TRUST_PROXY) {
    const value = headers.get(env.TRUST_PROXY);
    const address = value && (env.TRUST_PROXY === 'x-forwarded-for' ? lastForwarded(value) : value.trim());
    if (address) return address.slice(0, 64);
  }
  const peer = peerAddress(headers);
  if (peer) return peer.slice(0, 64);
  // Served by `next start` directly: Next fills x-forwarded-for from the socket when a client sent
  // none. Prefer server.mjs, which cannot be fooled this way.
  return lastForwarded(headers.get('x-forwarded-for') ?? '') ?? 'unknown';
}

/**
 * What lib/auth needs to know about the caller (for throttling and the audit trail), and how to
 * leave work for after the response. Works in route handlers and server actions alike.
 */
export function requestContext(headers: Headers): RequestContext & { sourceAddress: string; userAgent: string | null } {
  return {
    sourceAddress: clientAddress(headers),
    userAgent: headers.get('user-agent')?.slice(0, 512) ?? null,
    defer: afterResponse,
  };
}
