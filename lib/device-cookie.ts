import 'server-only';
import { cookies } from 'next/headers';
import { issueDeviceNote } from '@/lib/auth/device-cookies';
import { env } from '@/lib/env';

/**
 * The browser's device cookie (docs/decisions/014-device-cookies.md): set on a successful login,
 * read by the next one. `__Host-` as for the session cookie (lib/session.ts), so a sibling
 * subdomain cannot plant or shadow it; a plain name in development over http.
 */
const production = env.NODE_ENV === 'production';
export const DEVICE_COOKIE = production ? '__Host-latchkey-device' : 'latchkey-device';
const DEVICE_COOKIE_MAX_AGE = 180 * 86400;

/** The value the browser sent, unchecked (lib/auth verifies it against the account). */
export async function readDeviceCookie(): Promise<string | undefined> {
  return (await cookies()).get(DEVICE_COOKIE)?.value;
}

/** After a successful login: this browser now knows the account. */
export async function rememberDevice(userId: number): Promise<void> {
  (await cookies()).set(DEVICE_COOKIE, issueDeviceNote(userId), {
    httpOnly: true,
    secure: production,
    sameSite: 'lax',
    path: '/',
    maxAge: DEVICE_COOKIE_MAX_AGE,
  });
}
