import { env } from '@/lib/env';

/**
 * Holds a password-reset token between the emailed link and the form that uses it. `__Host-` in
 * production, as the session cookie: Secure, host-only, path `/`.
 */
export const RESET_COOKIE = env.NODE_ENV === 'production' ? '__Host-latchkey-reset' : 'latchkey-reset';

/** The cookie's attributes; clearing it must repeat them, or a `__Host-` cookie is not replaced. */
export function resetCookieOptions(maxAge: number) {
  return { httpOnly: true, secure: env.NODE_ENV === 'production', sameSite: 'lax' as const, path: '/', maxAge };
}
