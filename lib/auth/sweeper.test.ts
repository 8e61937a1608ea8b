import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createUser, issueAccessToken, validateAccessToken } from '@/lib/auth';
import { accessTokens, getDb, rateLimits, twoFactorCredentials } from '@/lib/db';
import { sweep } from './sweeper';
import { startTwoFactorEnrolment } from './two-factor';

describe('the sweeper', () => {
  it('deletes expired tokens and spent throttling rows that were never presented again, and nothing live', async () => {
    const created = await createUser({ email: 'sweep@example.com', password: 'sweeping-password' });
    if (!created.ok) throw new Error(created.error.message);
    const userId = created.value.id;
    const live = await issueAccessToken({ userId, ttl: 3600 });
    const eternal = await issueAccessToken({ userId, ttl: -1 });
    const stale = await issueAccessToken({ userId, ttl: 60 });
    const db = await getDb();
    await db
      .update(accessTokens)
      .set({ createdAt: sql`now() - interval '2 minutes'` })
      .where(sql`${accessTokens.id} = ${stale.row.id}`);
    await db.insert(rateLimits).values([
      { key: 'old', hits: 3, windowStartedAt: sql`now() - interval '3 days'`, updatedAt: sql`now() - interval '3 days'` },
      { key: 'fresh', hits: 3, windowStartedAt: sql`now()`, updatedAt: sql`now()` },
    ]);

    const report = await sweep();
    expect(report.accessTokens).toBe(1);
    expect(report.rateLimits).toBe(1);
    const ids = (await db.select({ id: accessTokens.id }).from(accessTokens)).map((r) => r.id).sort();
    expect(ids).toEqual([live.row.id, eternal.row.id].sort());
    expect((await validateAccessToken(live.token.id)).status).toBe('valid');
    const keys = (await db.select().from(rateLimits)).map((r) => r.key);
    expect(keys).toContain('fresh');
    expect(keys).not.toContain('old');
  });

  it('drops two-factor enrolments left unconfirmed for a day, with their secrets, and keeps newer ones and factors in force', async () => {
    const db = await getDb();
    const ids: Record<string, number> = {};
    for (const name of ['abandoned', 'recent', 'enabled']) {
      const created = await createUser({ email: `${name}-2fa@example.com`, password: 'sweeping-password' });
      if (!created.ok) throw new Error(created.error.message);
      const started = await startTwoFactorEnrolment(created.value, 'sweeping-password');
      if (!started.ok) throw new Error(started.error.message);
      ids[name] = created.value.id;
    }
    await db
      .update(twoFactorCredentials)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(sql`${twoFactorCredentials.userId} in (${ids.abandoned}, ${ids.enabled})`);
    await db
      .update(twoFactorCredentials)
      .set({ enabledAt: sql`now() - interval '25 hours'` })
      .where(sql`${twoFactorCredentials.userId} = ${ids.enabled}`);

    const report = await sweep();
    expect(report.twoFactorEnrolments).toBe(1);
    const left = (await db.select({ userId: twoFactorCredentials.userId }).from(twoFactorCredentials)).map((r) => r.userId).sort();
    expect(left).toEqual([ids.recent, ids.enabled].sort());
  });
});
