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

const { sendEmail } = await import('./send');
const { default: ResetPasswordEmail } = await import('@/emails/reset-password');
const { default: VerifyEmail } = await import('@/emails/verify-email');

afterAll(() => rmSync(outbox, { recursive: true, force: true }));

describe('sendEmail without SMTP', () => {
  it('writes each message as an .eml file with an HTML and a plain-text part', async () => {
    const resetUrl = 'http://latchkey.test/reset-password?access_token=abc123';
    const sent = await sendEmail({
      to: 'someone@example.com',
      subject: 'Reset your Latchkey password',
      template: createElement(ResetPasswordEmail, { resetUrl, expiresIn: 900 }),
    });
    expect(sent).toBe(true);
    const files = readdirSync(process.env.OUTBOX_DIR!);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const mail = await simpleParser(readFileSync(path.join(process.env.OUTBOX_DIR!, files[0]!)));
    expect(mail.subject).toBe('Reset your Latchkey password');
    expect(mail.text).toContain(resetUrl);
    expect(mail.text).toContain('15 minutes');
    expect(mail.html).toContain('Choose a new password');
    expect(mail.html).toContain('reset-password?access_token=abc123');
  });

  it('renders the verification email with its expiry in words', async () => {
    await sendEmail({
      to: 'someone@example.com',
      subject: 'Confirm',
      template: createElement(VerifyEmail, { verifyUrl: 'http://latchkey.test/verify?uid=1&token=t', expiresIn: 86400 }),
    });
    const files = readdirSync(process.env.OUTBOX_DIR!).sort();
    const mail = await simpleParser(readFileSync(path.join(process.env.OUTBOX_DIR!, files.at(-1)!)));
    expect(mail.text).toContain('24 hours');
    expect(mail.text).toContain('http://latchkey.test/verify?uid=1&token=t');
  });
});
