import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import { getDb, recoveryCodes, twoFactorCredentials } from '@/lib/db';

/**
 * An authenticator app of our own for the tests: codes computed from the base32 key the way
 * any app computes them (RFC 6238, SHA-1, 6 digits, 30-second steps).
 */
export function codeAt(secret: string, at = Date.now()): string {
  return generateHOTP(decodeBase32IgnorePadding(secret.replace(/\s/g, '')), BigInt(Math.floor(at / 30_000)), 6);
}

/** What the database holds of an account's second factor, to show that a refused request changed nothing. */
export async function twoFactorRows(userId: number) {
  const db = await getDb();
  const credential = await db.select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, userId));
  const codes = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId)).orderBy(recoveryCodes.id);
  return { credential, codes };
}
