import 'server-only';
import type { RequestContext } from '@/lib/auth/context';
import { normalizeAddress } from '@/lib/auth/source-address';
import { afterResponse } from './after-response';
import { forwardedAddress, lastForwarded, peerAddress } from './trust';

/**
 * The client's address: the socket's, unless TRUST_PROXY names the header a trusted proxy sets.
 * Forwarded headers are otherwise ignored, since anyone can send them. IPv4-mapped IPv6 comes back
 * as IPv4; per-source limits then group IPv6 by /64 (lib/auth/source-address.ts).
 */
export function clientAddress(headers: Headers): string {
  return normalizeAddress(rawClientAddress(headers));
}

function rawClientAddress(headers: Headers): string {
  const forwarded = forwardedAddress(headers);
  if (forwarded) return forwarded.slice(0, 64);
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
