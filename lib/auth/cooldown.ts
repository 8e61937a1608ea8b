import { eq, lte, sql } from 'drizzle-orm';
import { getDb, rateLimits } from '@/lib/db';
import type { Verdict } from './throttle';

/**
 * A pause between two requests of one kind for one account (a new confirmation link), kept in the
 * database beside the other counters so every instance enforces it. Unlike the hourly limits it
 * is not scaled by THROTTLE_MULTIPLIER: it is a pace, not a budget.
 */
export const cooldownKeys = {
  verifyResend: (userId: number | string) => `verify-cooldown:${userId}`,
};

const secondsLeft = (seconds: number) =>
  sql<number>`ceil(extract(epoch from (${rateLimits.windowStartedAt} + make_interval(secs => ${seconds}) - now())))::int`;

/**
 * Starts the pause for `key` when none is running and says so; otherwise how long is left. One
 * statement, so two requests at the same moment cannot both start it.
 */
export async function claimCooldown(key: string, seconds: number): Promise<Verdict> {
  if (seconds <= 0) return { allowed: true };
  const db = await getDb();
  const [claimed] = await db
    .insert(rateLimits)
    .values({ key, hits: 1, windowStartedAt: sql`now()`, updatedAt: sql`now()` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: { hits: 1, windowStartedAt: sql`now()`, updatedAt: sql`now()` },
      setWhere: lte(rateLimits.windowStartedAt, sql`now() - make_interval(secs => ${seconds})`),
    })
    .returning({ key: rateLimits.key });
  if (claimed) return { allowed: true };
  return { allowed: false, retryAfter: await cooldownLeft(key, seconds) };
}

/** Seconds left of the pause for `key`; 0 when none is running. */
export async function cooldownLeft(key: string, seconds: number): Promise<number> {
  if (seconds <= 0) return 0;
  const db = await getDb();
  const [row] = await db
    .select({ left: secondsLeft(seconds) })
    .from(rateLimits)
    .where(eq(rateLimits.key, key));
  return row ? Math.max(0, Number(row.left)) : 0;
}
