import { lt } from 'drizzle-orm';
import { getDb, verificationTokens } from '@/lib/db';
import { env } from '@/lib/env';
import { describeError } from '@/lib/log';
import { sweepExpiredTokens } from './access-tokens';
import { pruneEvents } from './audit';
import { sweepRateLimits } from './throttle';
import { sweepAbandonedEnrolments } from './two-factor';

export interface SweepReport {
  accessTokens: number;
  verificationTokens: number;
  rateLimits: number;
  auditEvents: number;
  twoFactorEnrolments: number;
}

/** Deletes what has expired: tokens that were never presented again, spent counters, old events, abandoned two-factor enrolments. */
export async function sweep(): Promise<SweepReport> {
  const db = await getDb();
  const [accessTokens, verifications, rateLimits, auditEvents, twoFactorEnrolments] = await Promise.all([
    sweepExpiredTokens(),
    db.delete(verificationTokens).where(lt(verificationTokens.expiresAt, new Date())).returning({ id: verificationTokens.id }),
    sweepRateLimits(),
    pruneEvents(),
    sweepAbandonedEnrolments(),
  ]);
  return { accessTokens, verificationTokens: verifications.length, rateLimits, auditEvents, twoFactorEnrolments };
}

const globalForSweeper = globalThis as unknown as { latchkeySweeper?: NodeJS.Timeout };

/** Sweeps every SWEEP_INTERVAL seconds for the life of the process (once per process). */
export function startSweeper(): void {
  if (globalForSweeper.latchkeySweeper) return;
  const run = () =>
    sweep().catch((error: unknown) => {
      console.error(`[latchkey] sweep failed: ${describeError(error)}`);
    });
  globalForSweeper.latchkeySweeper = setInterval(() => void run(), env.SWEEP_INTERVAL * 1000);
  // The timer must never keep a finished process alive.
  globalForSweeper.latchkeySweeper.unref();
  void run();
}

/** Stops the timer (shutdown); a sweep already running finishes on its own. */
export function stopSweeper(): void {
  clearInterval(globalForSweeper.latchkeySweeper);
  globalForSweeper.latchkeySweeper = undefined;
}
