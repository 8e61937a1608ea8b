import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';

/**
 * An authenticator app of the journeys' own: the code for the step `steps` away from now,
 * computed from the key the page shows for typing in by hand.
 */
export function codeFor(key: string, steps = 0): string {
  return generateHOTP(decodeBase32IgnorePadding(key.replace(/\s/g, '')), BigInt(Math.floor(Date.now() / 30_000) + steps), 6);
}
