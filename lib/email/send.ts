import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { render } from '@react-email/render';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { ReactElement } from 'react';
import { isPlainEmail } from '@/lib/auth/email-address';
import { env } from '@/lib/env';
import { describeError } from '@/lib/log';

export interface EmailMessage {
  to: string;
  subject: string;
  /** A React Email component, rendered to HTML and to plain text; both go in the message. */
  template: ReactElement;
}

const RETRY_DELAYS_MS = [500, 2000];

let transport: Transporter | undefined;

function getTransport(): Transporter {
  // SMTP_URL carries TLS (smtps://) and credentials as nodemailer reads them from a URL.
  transport ??= env.SMTP_URL
    ? nodemailer.createTransport(env.SMTP_URL)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return transport;
}

async function deliver(mail: SendMailOptions): Promise<void> {
  const info = await getTransport().sendMail(mail);
  if (!env.SMTP_URL) {
    // Development outbox: each message is an .eml file, listed at /dev/outbox.
    await mkdir(env.OUTBOX_DIR, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    await writeFile(path.join(env.OUTBOX_DIR, name), info.message as Buffer);
  }
}

/** The bare address of MAIL_FROM (`Name <a@b>` or `a@b`), for the SMTP envelope. */
function envelopeSender(): string {
  const match = /<([^<>]+)>\s*$/.exec(env.MAIL_FROM);
  return (match?.[1] ?? env.MAIL_FROM).trim();
}

/** Where a message went, for logs that must not hold an address in full. */
function redact(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}…@${domain}`;
}

/**
 * Renders a template and sends it: over SMTP when SMTP_URL is set, into the file outbox otherwise.
 * A failed send is retried a few times and then logged; it never throws, so a caller's request is
 * never broken by mail. Returns whether the message went.
 */
export async function sendEmail(message: EmailMessage): Promise<boolean> {
  // A stored address is always one plain mailbox; anything else could expand to several.
  if (!isPlainEmail(message.to)) {
    console.error(`[latchkey] email "${message.subject}" not sent: the recipient is not one plain address`);
    return false;
  }
  const [html, text] = await Promise.all([render(message.template), render(message.template, { plainText: true })]);
  // The envelope names the one recipient, so no header parsing can turn `to` into several.
  const mail = { from: env.MAIL_FROM, to: message.to, envelope: { from: envelopeSender(), to: [message.to] }, subject: message.subject, html, text };
  for (let attempt = 0; ; attempt++) {
    try {
      await deliver(mail);
      return true;
    } catch (error) {
      const reason = describeError(error);
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) {
        console.error(`[latchkey] email "${message.subject}" to ${redact(message.to)} failed after ${attempt + 1} attempts: ${reason}`);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
