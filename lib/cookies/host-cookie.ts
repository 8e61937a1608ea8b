import { env } from '@/lib/env';

const production = env.NODE_ENV === 'production';

/**
 * The attributes every Latchkey cookie shares. `__Host-` in production makes the browser refuse
 * the cookie unless it is Secure, host-only and for path `/`, so a sibling subdomain cannot plant
 * or shadow it; development over plain http keeps the bare name, which the browser would
 * otherwise drop (docs/decisions/007-browser-session-cookie.md).
 */
export interface HostCookieOptions {
  httpOnly: true;
  secure: boolean;
  sameSite: 'lax';
  path: '/';
  maxAge: number;
}

export interface HostCookie {
  name: string;
  options: HostCookieOptions;
}

/** The name the browser holds for `baseName` (e.g. `latchkey-session`). */
export function hostCookieName(baseName: string): string {
  return production ? `__Host-${baseName}` : baseName;
}

export function hostCookieOptions({ maxAge }: { maxAge: number }): HostCookieOptions {
  return { httpOnly: true, secure: production, sameSite: 'lax', path: '/', maxAge };
}

export function hostCookie(baseName: string, { maxAge }: { maxAge: number }): HostCookie {
  return { name: hostCookieName(baseName), options: hostCookieOptions({ maxAge }) };
}

/**
 * What replaces the cookie to drop it. It repeats the attributes: a `__Host-` cookie set without
 * Secure or Path=/ is refused, and the old one stays.
 */
export function clearedHostCookie(baseName: string): HostCookie & { value: '' } {
  return { ...hostCookie(baseName, { maxAge: 0 }), value: '' };
}
