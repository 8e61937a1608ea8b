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

/** Waits until the clock is at least `margin` ms away from a step boundary, so a code stays current through a test step. */
export async function awayFromStepEdge(margin = 3000): Promise<void> {
  const into = Date.now() % 30_000;
  if (into > margin && into < 30_000 - margin) return;
  const wait = into <= margin ? margin - into + 50 : 30_000 - into + margin + 50;
  await new Promise((resolve) => setTimeout(resolve, wait));
}
