import { afterAll, describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { startSmtpSink } from '@/test/smtp-sink';

// The SMTP server refuses the first two deliveries with a temporary error.
const sink = await startSmtpSink({ failFirst: 2 });
process.env.SMTP_URL = sink.url;
const { sendEmail } = await import('./send');
const { default: PasswordChangedEmail } = await import('@/emails/password-changed');

afterAll(() => sink.close());

describe('sendEmail over SMTP', () => {
  it('retries a temporary failure and delivers', async () => {
    const sent = await sendEmail({
      to: 'retry@example.com',
      subject: 'Your Latchkey password was changed',
      template: createElement(PasswordChangedEmail, {
        changedAt: 'now',
        device: 'Chrome on macOS',
        address: null,
        forgotPasswordUrl: 'http://latchkey.test/forgot-password',
      }),
    });
    expect(sent).toBe(true);
    expect(sink.messages.filter((m) => m.to.includes('retry@example.com'))).toHaveLength(1);
  });

  it('gives up after a few attempts and logs without the message body', async () => {
    await sink.close();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const sent = await sendEmail({
      to: 'nobody@example.com',
      subject: 'Reset your Latchkey password',
      template: createElement(PasswordChangedEmail, {
        changedAt: 'now',
        device: 'Chrome on macOS',
        address: null,
        forgotPasswordUrl: 'http://latchkey.test/secret-path',
      }),
    });
    expect(sent).toBe(false);
    expect(errors).toHaveBeenCalledTimes(1);
    const logged = String(errors.mock.calls[0]?.[0]);
    expect(logged).toContain('failed after 3 attempts');
    expect(logged).not.toContain('secret-path');
    expect(logged).not.toContain('nobody@example.com');
    errors.mockRestore();
  });
});
