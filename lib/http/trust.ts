import { env } from '@/lib/env';
import { PEER_HEADER } from './peer-header';

/**
 * Which request headers describe the client, rather than merely claim to. Anyone can send
 * forwarded headers, so they are believed only when TRUST_PROXY says a proxy in front of Latchkey
 * sets them (and overwrites what clients send): then the header it names gives the client's
 * address, and `X-Forwarded-Host` the host the client asked for. Otherwise only what this process
 * saw itself counts: the socket's address (through server.mjs) and the Host header.
 * docs/decisions/009-client-address.md.
 */
const proxyTrusted = env.TRUST_PROXY !== undefined;

/** The socket's address as server.mjs passed it on, if the header carries this process's key. */
export function peerAddress(headers: Headers): string | undefined {
  const value = headers.get(PEER_HEADER);
  if (!value || !env.LATCHKEY_PEER_KEY) return undefined;
  const space = value.indexOf(' ');
  if (space === -1 || value.slice(0, space) !== env.LATCHKEY_PEER_KEY) return undefined;
  return value.slice(space + 1) || undefined;
}

export function lastForwarded(value: string): string | undefined {
  // Each proxy appends the address it saw; the last entry is the one our own proxy added.
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
}

/** The client's address as the trusted proxy reports it, or undefined when none is trusted. */
export function forwardedAddress(headers: Headers): string | undefined {
  if (!env.TRUST_PROXY) return undefined;
  const value = headers.get(env.TRUST_PROXY);
  return (value && (env.TRUST_PROXY === 'x-forwarded-for' ? lastForwarded(value) : value.trim())) || undefined;
}

/** The host the client addressed: the trusted proxy's `X-Forwarded-Host`, else `Host`. */
export function requestHost(headers: Headers): string | null {
  return (proxyTrusted ? headers.get('x-forwarded-host') : null) ?? headers.get('host');
}
