import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '@/test/smtp-sink';
import { dumpOutbox } from '@/test/outbox';

// Refuses (451) the first message it is offered, then accepts.
const sink = await startSmtpSink({ failFirst: 1 });
process.env.SMTP_URL = sink.url;
await import('@/lib/auth-setup');
const { getDb, outboxMessages } = await import('@/lib/db');
const { createMailSender } = await import('./sender');
const { sealPayload } = await import('./seal');
const { signUp } = await import('@/test/accounts');
const { on, resetPassword, setPasswordWithResetToken } = await import('@/lib/auth');
const { mailer } = await import('@/lib/auth/mailer');

afterAll(() => sink.close());

/** A row as queueEmail writes it, without waking this process's sender: each test drives its own. */
async function queueQuietly(to: string, token = 'not-a-secret') {
  const db = await getDb();
  const message = { email: to, token, ttl: 900 };
  const [row] = await db
    .insert(outboxMessages)
    .values({ kind: 'resetPassword', payload: sealPayload(message, 'resetPassword') })
    .returning();
  return row!;
}

async function rowOf(id: number) {
  const db = await getDb();
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  return row!;
}

/** Makes a row due now (a test does not wait out a retry delay it has already checked). */
async function makeDue(id: number) {
  const db = await getDb();
  await db
    .update(outboxMessages)
    .set({ nextAttemptAt: sql`now()` })
    .where(eq(outboxMessages.id, id));
}

describe('the mail sender', () => {
  it('retries a refused message later, with a growing delay, and delivers it', async () => {
    const row = await queueQuietly('retry@example.com');
    const sender = createMailSender({ retryDelay: 2_000 });
    const before = Date.now();
    expect(await sender.drain()).toBe(1);
    const refused = await rowOf(row.id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refused.lastError).toMatch(/451|try again/);
    // First retry: between half and all of the 2 s delay.
    expect(refused.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 900);
    expect(refused.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + 2_100);
    expect(await sender.drain()).toBe(0);
    await makeDue(row.id);
    expect(await sender.drain()).toBe(1);
    const sent = await rowOf(row.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, payload: null, lastError: null });
    expect(sink.messages.filter((m) => m.to.includes('retry@example.com'))).toHaveLength(1);
  });

  it('gives up once MAIL_GIVE_UP_AFTER has passed, recording why and dropping the payload', async () => {
    const closed = await startSmtpSink();
    await closed.close();
    const row = await queueQuietly('gone@example.com', 'secret-token-in-payload');
    // A real SMTP connection to a port where nothing listens any more: every attempt is refused.
    const nodemailer = (await import('nodemailer')).default;
    const dead = nodemailer.createTransport({ url: closed.url, connectionTimeout: 2_000 });
    const refusing = createMailSender({
      retryDelay: 50,
      giveUpAfter: 1_500,
      send: async (message) => {
        await dead.sendMail({ from: 'no-reply@latchkey.test', to: message.to, subject: message.subject, text: 'x' });
      },
    });
    const deadline = Date.now() + 20_000;
    let current = await rowOf(row.id);
    while (current.status === 'pending' && Date.now() < deadline) {
      await refusing.drain();
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = await rowOf(row.id);
    }
    expect(current.status).toBe('failed');
    expect(current.attempts).toBeGreaterThan(1);
    expect(current.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(current.payload).toBeNull();
    expect(await dumpOutbox()).not.toContain('secret-token-in-payload');
    // Never given up before its time.
    expect(current.updatedAt.getTime() - current.createdAt.getTime()).toBeGreaterThanOrEqual(1_400);
  });

  it('records a refusal from something that is not an SMTP server, NUL bytes and all, and tries again', async () => {
    // Another service on the configured port (a database, say) greets with binary: the error that
    // nodemailer reports quotes it, and PostgreSQL's text refuses NUL.
    const { createServer } = await import('node:net');
    const stranger = createServer((socket) => socket.end(Buffer.from('J\u0000\u0000\u0000\n11.4\u0000\u0001binary greeting\r\n', 'latin1')));
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    const { port } = stranger.address() as import('node:net').AddressInfo;
    const row = await queueQuietly('stranger@example.com');
    const nodemailer = (await import('nodemailer')).default;
    const confused = nodemailer.createTransport({ host: '127.0.0.1', port, connectionTimeout: 2_000, greetingTimeout: 2_000 });
    const sender = createMailSender({
      send: async (message) => {
        await confused.sendMail({ from: 'no-reply@latchkey.test', to: message.to, subject: message.subject, text: 'x' });
      },
    });
    try {
      expect(await sender.drain()).toBe(1);
    } finally {
      stranger.close();
    }
    const refused = await rowOf(row.id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refused.lastError).toBeTruthy();
    expect(refused.lastError).not.toMatch(/[\u0000-\u001f]/);
  });

  it('sends a message once when several senders claim at the same moment', async () => {
    const rows = await Promise.all(Array.from({ length: 8 }, (_, i) => queueQuietly(`once-${i}@example.com`)));
    const senders = Array.from({ length: 4 }, () => createMailSender());
    const handled = await Promise.all(senders.map((s) => s.drain()));
    expect(handled.reduce((a, b) => a + b, 0)).toBe(rows.length);
    for (let i = 0; i < rows.length; i++) {
      expect(sink.messages.filter((m) => m.to.includes(`once-${i}@example.com`))).toHaveLength(1);
      expect((await rowOf(rows[i]!.id)).status).toBe('sent');
    }
  });

  it('on stop, finishes the message in hand and claims no other', async () => {
    const first = await queueQuietly('held@example.com');
    const second = await queueQuietly('left@example.com');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inHand = new Promise<void>((resolve) => (started = resolve));
    const { sendEmail } = await import('./send');
    const sender = createMailSender({
      send: async (message) => {
        started();
        await held;
        await sendEmail(message);
      },
    });
    sender.start();
    await inHand;
    const stopping = sender.stop();
    release();
    await stopping;
    expect((await rowOf(first.id)).status).toBe('sent');
    expect((await rowOf(second.id)).status).toBe('pending');
    await createMailSender().drain();
    expect((await rowOf(second.id)).status).toBe('sent');
  });
});

describe('the outbox at rest', () => {
  it('removes sent rows after an hour and failed ones after seven days', async () => {
    const db = await getDb();
    const ago = (ms: number) => new Date(Date.now() - ms);
    const hour = 3_600_000;
    const [oldSent, newSent, oldFailed, newFailed] = await db
      .insert(outboxMessages)
      .values([
        { kind: 'verifyFirst', status: 'sent', updatedAt: ago(2 * hour) },
        { kind: 'verifyFirst', status: 'sent', updatedAt: ago(hour / 2) },
        { kind: 'verifyFirst', status: 'failed', lastError: 'x', updatedAt: ago(8 * 24 * hour) },
        { kind: 'verifyFirst', status: 'failed', lastError: 'x', updatedAt: ago(24 * hour) },
      ])
      .returning();
    await createMailSender().drain();
    const left = new Set((await db.select({ id: outboxMessages.id }).from(outboxMessages)).map((r) => r.id));
    expect(left.has(oldSent!.id)).toBe(false);
    expect(left.has(oldFailed!.id)).toBe(false);
    expect(left.has(newSent!.id)).toBe(true);
    expect(left.has(newFailed!.id)).toBe(true);
  });

  it('holds no reset token or link while the mail waits', async () => {
    await signUp('sealed@example.com');
    let token: string | undefined;
    const stop = on('resetPasswordRequest', (info) => {
      token = info.accessToken.id;
    });
    // This process's sender is woken by the queue; a refusing sink keeps the row waiting.
    await sink.close();
    await resetPassword({ email: 'sealed@example.com' });
    stop();
    expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
    const dump = await dumpOutbox();
    expect(dump).toContain('resetPassword');
    expect(dump).not.toContain(token!);
    expect(dump).not.toContain('access_token');
    expect(dump).not.toContain('sealed@example.com');
  });

  it('queues one notice for one change: of five resets racing with one link, one wins and one mail is queued', async () => {
    await signUp('race@example.com');
    let token: string | undefined;
    const stop = on('resetPasswordRequest', (info) => {
      token = info.accessToken.id;
    });
    await resetPassword({ email: 'race@example.com' });
    stop();
    const db = await getDb();
    const notices = async () => (await db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'passwordChanged'))).length;
    const before = await notices();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => setPasswordWithResetToken(token, `racing-horse-${i}-password`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await notices()) - before).toBe(1);
  });

  it('queues nothing when the change it belongs to rolls back', async () => {
    const db = await getDb();
    const before = (await db.select().from(outboxMessages)).length;
    await expect(
      db.transaction(async (tx) => {
        await mailer().queue(tx, 'verifyFirst', { email: 'rolled-back@example.com' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await db.select().from(outboxMessages)).length).toBe(before);
  });
});
