import { inArray } from 'drizzle-orm';

// lib/db is imported when called, not here: test files set the environment before lib/env reads it.
const database = () => import('@/lib/db');

/** Waits until no message in the outbox is left to send (all sent or failed). */
export async function waitForOutboxIdle(timeoutMs = 15_000): Promise<void> {
  const { getDb, outboxMessages } = await database();
  const db = await getDb();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await db
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(inArray(outboxMessages.status, ['pending']))
      .limit(1);
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`mail still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The outbox table as a dump would show it: every column of every row, as text. */
export async function dumpOutbox(): Promise<string> {
  const { getDb, outboxMessages } = await database();
  const db = await getDb();
  const rows = await db.select().from(outboxMessages);
  return JSON.stringify(rows);
}
