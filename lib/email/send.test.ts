import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createElement } from 'react';
import { afterAll, describe, expect, it } from 'vitest';

// No SMTP_URL: messages go to the development outbox.
const outbox = mkdtempSync(path.join(tmpdir(), 'latchkey-outbox-'));
delete process.env.SMTP_URL;
process.env.OUTBOX_DIR = path.join(outbox, 'nested', 'outbox');

const { sendEmail, UndeliverableEmailError } = await import('./send');
const { queueEmail } = await import('./outbox');
const { getDb } = await import('@/lib/db');
const { default: ResetPasswordEmail } = await import('@/emails/reset-password');

afterAll(() => rmSync(outbox, { recursive: true, force: true }));

const outboxFiles = () => {
  try {
    return readdirSync(process.env.OUTBOX_DIR!)
      .filter((name) => name.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
};

async function waitForFiles(count: number) {
  const deadline = Date.now() + 15_000;
  while (outboxFiles().length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} messages in the outbox folder`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return outboxFiles();
}

describe('sendEmail without SMTP', () => {
  it('writes each message as an .eml file with an HTML and a plain-text part', async () => {
    const resetUrl = 'http://latchkey.test/reset-password?access_token=abc123';
    await sendEmail({
      to: 'someone@example.com',
      subject: 'Reset your Latchkey password',
      template: createElement(ResetPasswordEmail, { resetUrl, expiresIn: 900 }),
    });
    const files = outboxFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const mail = await simpleParser(readFileSync(path.join(process.env.OUTBOX_DIR!, files[0]!)));
    expect(mail.subject).toBe('Reset your Latchkey password');
    expect(mail.text).toContain(resetUrl);
    expect(mail.text).toContain('15 minutes');
    expect(mail.html).toContain('Choose a new password');
    expect(mail.html).toContain('reset-password?access_token=abc123');
  });

  it('goes through the database outbox into the folder, verification links included', async () => {
    await queueEmail(await getDb(), 'verifyEmail', { email: 'someone@example.com', userId: 1, token: 't0k3n', ttl: 86400 });
    const files = await waitForFiles(2);
    const mail = await simpleParser(readFileSync(path.join(process.env.OUTBOX_DIR!, files.at(-1)!)));
    expect(mail.text).toContain('24 hours');
    expect(mail.text).toContain('http://latchkey.test/verify?uid=1&token=t0k3n');
  });

  it('refuses a recipient that is not one plain address, as undeliverable', async () => {
    const sent = sendEmail({
      to: 'a@example.com, b@example.com',
      subject: 'x',
      template: createElement(ResetPasswordEmail, { resetUrl: 'http://x', expiresIn: 900 }),
    });
    await expect(sent).rejects.toBeInstanceOf(UndeliverableEmailError);
  });
});
