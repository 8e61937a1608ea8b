import { hostCookieName, hostCookieOptions } from './host-cookie';

/**
 * Holds a password-reset token between the emailed link (proxy.ts moves it here out of the URL)
 * and the form that uses it.
 */
export const RESET_COOKIE = hostCookieName('latchkey-reset');

/** The cookie's attributes; clearing it (maxAge 0) repeats them, or a `__Host-` cookie is not replaced. */
export function resetCookieOptions(maxAge: number) {
  return hostCookieOptions({ maxAge });
}
