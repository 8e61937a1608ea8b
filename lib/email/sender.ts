import 'server-only';
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { getDb, outboxMessages, type Database, type OutboxMessageRow } from '@/lib/db';
import { env } from '@/lib/env';
import { describeError } from '@/lib/log';
import { retryDelay } from './backoff';
import { composeEmail, isMailKind } from './messages';
import { redactAddresses } from './redact';
import { openPayload } from './seal';
import { sendEmail, UndeliverableEmailError, type EmailMessage } from './send';

/**
 * Delivers what the outbox holds (docs/decisions/025). A sender claims one row at a time with
 * `FOR UPDATE SKIP LOCKED` and pushes its next attempt a lease ahead, so other senders, in this
 * process or another, pass it by; if the process dies mid-send the lease runs out and the row is
 * claimed again. A failed attempt is retried after a growing, jittered delay until
 * MAIL_GIVE_UP_AFTER has passed since the row was written; then the row is marked failed, with
 * why, and its payload dropped.
 */

export interface SenderOptions {
  db?: () => Promise<Database>;
  send?: (message: EmailMessage) => Promise<void>;
  /** Milliseconds between looks at the table when nothing woke the sender. */
  pollInterval?: number;
  /** Milliseconds before the first retry; doubles per failure up to `maxRetryDelay`. */
  retryDelay?: number;
  maxRetryDelay?: number;
  /** Milliseconds after a message was queued past which a failure is final. */
  giveUpAfter?: number;
  /** Milliseconds a claim holds a row; must outlast any one send (the transport's timeouts). */
  lease?: number;
}

export interface MailSender {
  /** Starts polling; the first look is at once (mail left by a process that stopped). */
  start(): void;
  /** Looks now, and often for a little while: the row being queued is visible once its transaction commits. */
  kick(): void;
  /** Stops claiming and waits for the message in hand. */
  stop(): Promise<void>;
  /** Sends what is due now, one row at a time, and returns how many rows it handled. */
  drain(): Promise<number>;
}

/** How long a kick keeps the sender looking often, and how often. */
const EAGER_WINDOW_MS = 3_000;
const EAGER_INTERVAL_MS = 50;
const MAX_ERROR_LENGTH = 300;
/** Settled rows hold no payload; they stay a while for whoever looks into a delivery, then go. */
const SENT_KEPT_MS = 60 * 60_000;
const FAILED_KEPT_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 60_000;

export function createMailSender(options: SenderOptions = {}): MailSender {
  const db = options.db ?? getDb;
  const send = options.send ?? sendEmail;
  const pollInterval = options.pollInterval ?? env.MAIL_POLL_INTERVAL * 1000;
  const firstRetry = options.retryDelay ?? env.MAIL_RETRY_DELAY * 1000;
  const maxRetry = Math.max(firstRetry, options.maxRetryDelay ?? 15 * 60_000);
  const giveUpAfter = options.giveUpAfter ?? env.MAIL_GIVE_UP_AFTER * 1000;
  const lease = options.lease ?? 2 * 60_000;

  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<unknown> | undefined;
  let eagerUntil = 0;
  let prunedAt = 0;

  async function claim(): Promise<OutboxMessageRow | undefined> {
    const database = await db();
    const due = database
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.status, 'pending'), lte(outboxMessages.nextAttemptAt, sql`now()`)))
      .orderBy(asc(outboxMessages.nextAttemptAt), asc(outboxMessages.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const [row] = await database
      .update(outboxMessages)
      .set({
        attempts: sql`${outboxMessages.attempts} + 1`,
        nextAttemptAt: sql`now() + make_interval(secs => ${lease / 1000})`,
        updatedAt: sql`now()`,
      })
      .where(inArray(outboxMessages.id, due))
      .returning();
    return row;
  }

  /** Only the holder of the latest claim may settle a row (a stale holder whose lease ran out may not). */
  async function settle(row: OutboxMessageRow, values: Partial<typeof outboxMessages.$inferInsert>): Promise<void> {
    const database = await db();
    await database
      .update(outboxMessages)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(outboxMessages.id, row.id), eq(outboxMessages.attempts, row.attempts)));
  }

  async function fail(row: OutboxMessageRow, reason: string, final: boolean): Promise<void> {
    // Whatever answered on the SMTP port wrote this (not always an SMTP server): control characters
    // and NUL, which PostgreSQL's text refuses, become spaces.
    const lastError = redactAddresses(reason)
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .slice(0, MAX_ERROR_LENGTH);
    const deadline = row.createdAt.getTime() + giveUpAfter;
    if (final || Date.now() >= deadline) {
      console.error(`[latchkey] mail ${row.id} (${row.kind}) failed for good after ${row.attempts} attempts: ${lastError}`);
      await settle(row, { status: 'failed', payload: null, lastError });
      return;
    }
    // The last try falls on the deadline, so a message is never given up before its time.
    const next = Math.min(Date.now() + retryDelay(row.attempts, firstRetry, maxRetry), deadline);
    await settle(row, { lastError, nextAttemptAt: new Date(next) });
    const wait = ((next - Date.now()) / 1000).toFixed(1);
    console.error(`[latchkey] mail ${row.id} (${row.kind}) attempt ${row.attempts} failed, next in ${wait} s: ${lastError}`);
  }

  async function deliver(row: OutboxMessageRow): Promise<void> {
    let message: EmailMessage;
    try {
      if (!isMailKind(row.kind) || row.payload === null) throw new Error('unknown kind or no payload');
      message = composeEmail(row.kind, openPayload(row.payload, row.kind) as never);
    } catch {
      // Sealed under another SESSION_SECRET, or altered: it can never be sent.
      return fail(row, 'the payload cannot be opened (was SESSION_SECRET changed?)', true);
    }
    try {
      await send(message);
    } catch (error) {
      return fail(row, describeError(error), error instanceof UndeliverableEmailError);
    }
    // Sent: the link leaves the database at once; prune() removes the row an hour later.
    await settle(row, { status: 'sent', payload: null, lastError: null });
  }

  async function prune(): Promise<void> {
    if (Date.now() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = Date.now();
    const database = await db();
    await database
      .delete(outboxMessages)
      .where(
        or(
          and(eq(outboxMessages.status, 'sent'), lt(outboxMessages.updatedAt, new Date(Date.now() - SENT_KEPT_MS))),
          and(eq(outboxMessages.status, 'failed'), lt(outboxMessages.updatedAt, new Date(Date.now() - FAILED_KEPT_MS))),
        ),
      );
  }

  async function drain(): Promise<number> {
    await prune();
    let handled = 0;
    while (!stopped) {
      const row = await claim();
      if (!row) break;
      await deliver(row);
      handled += 1;
    }
    return handled;
  }

  function schedule(delay: number): void {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(tick, delay);
    // Never what keeps a finished process alive.
    timer.unref();
  }

  function tick(): void {
    if (pass || stopped) return;
    pass = drain()
      .catch((error: unknown) => console.error(`[latchkey] mail sender: ${describeError(error)}`))
      .finally(() => {
        pass = undefined;
        schedule(Date.now() < eagerUntil ? EAGER_INTERVAL_MS : pollInterval);
      });
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      schedule(0);
    },
    kick() {
      eagerUntil = Date.now() + EAGER_WINDOW_MS;
      started = true;
      if (!pass) schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
    drain,
  };
}

// One sender per process, kept on globalThis: Next.js may load this module once per bundle.
const slot = Symbol.for('latchkey.mailSender');
type Holder = { [slot]?: MailSender };

function processSender(): MailSender {
  return ((globalThis as Holder)[slot] ??= createMailSender());
}

/** Starts this process's sender (server start): mail left over from before goes out too. */
export function startMailSender(): void {
  processSender().start();
}

/** Wakes this process's sender, starting it if need be. */
export function kickMailSender(): void {
  processSender().kick();
}

/** Stops this process's sender once the message in hand is settled (shutdown). */
export async function stopMailSender(): Promise<void> {
  const sender = (globalThis as Holder)[slot];
  (globalThis as Holder)[slot] = undefined;
  await sender?.stop();
}
