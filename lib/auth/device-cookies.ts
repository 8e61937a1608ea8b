import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from '@/lib/secrets';
import { randomToken } from './random';

/**
 * Device cookies (OWASP's "Slow down online guessing attacks with device cookies"): a browser
 * that has logged in to an account before carries a signed note naming that account and a random
 * nonce. An attacker can lock an account by failing on it, but not the devices its owner uses:
 * a device presenting a valid note for the account is counted under its own nonce instead.
 *
 * The value is `<userId>.<nonce>.<mac>`, the MAC an HMAC-SHA256 under a key derived from
 * SESSION_SECRET for this use alone. Nothing is stored server-side: the nonce only names the
 * device's own counter. This module signs and reads values; the cookie itself belongs to the page.
 */

const KEY_LABEL = 'latchkey device cookie v1';

export interface DeviceNote {
  userId: number;
  nonce: string;
}

function mac(body: string): string {
  return createHmac('sha256', derivedKey(KEY_LABEL)).update(body).digest('base64url');
}

/** A fresh note for a device that has just logged in to `userId`. */
export function issueDeviceNote(userId: number): string {
  const body = `${userId}.${randomToken(16)}`;
  return `${body}.${mac(body)}`;
}

/** The note a cookie value carries, or null when it is not one of ours, untouched. */
export function readDeviceNote(value: unknown): DeviceNote | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return null;
  const [, id, nonce, given] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(mac(`${id}.${nonce}`));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  return { userId: Number(id), nonce };
}
