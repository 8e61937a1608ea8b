import 'server-only';
import { cookies } from 'next/headers';
import { issueDeviceNote } from '@/lib/auth/device-cookies';
import { hostCookie } from './host-cookie';

/**
 * The browser's device cookie (docs/decisions/014-device-cookies.md): set on a successful login,
 * read by the next one.
 */
const device = hostCookie('latchkey-device', { maxAge: 180 * 86400 });
export const DEVICE_COOKIE = device.name;

/** The value the browser sent, unchecked (lib/auth verifies it against the account). */
export async function readDeviceCookie(): Promise<string | undefined> {
  return (await cookies()).get(DEVICE_COOKIE)?.value;
}

/** After a successful login: this browser now knows the account. */
export async function rememberDevice(userId: number): Promise<void> {
  (await cookies()).set(DEVICE_COOKIE, issueDeviceNote(userId), device.options);
}
