import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { render } from '@react-email/render';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { ReactElement } from 'react';
import { isPlainEmail } from '@/lib/auth/email-address';
import { env } from '@/lib/env';

export interface EmailMessage {
  to: string;
  subject: string;
  /** A React Email component, rendered to HTML and to plain text; both go in the message. */
  template: ReactElement;
}

/** A message that can never be sent as it stands: the sender records it as failed at once. */
export class UndeliverableEmailError extends Error {
  override name = 'UndeliverableEmailError';
}

let transport: Transporter | undefined;

function getTransport(): Transporter {
  // SMTP_URL carries TLS (smtps://) and credentials as nodemailer reads them from a URL. The
  // timeouts are short because a message is claimed for a bounded lease (./sender.ts): a send
  // must end, one way or the other, well before the lease does.
  transport ??= env.SMTP_URL
    ? nodemailer.createTransport({ url: env.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return transport;
}

async function deliver(mail: SendMailOptions): Promise<void> {
  const info = await getTransport().sendMail(mail);
  if (!env.SMTP_URL) {
    // Development outbox: each message is an .eml file, listed at /dev/outbox.
    await mkdir(env.OUTBOX_DIR, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    const file = path.join(env.OUTBOX_DIR, name);
    // Written aside and renamed into place: /dev/outbox (only .eml names) never shows half a message.
    await writeFile(`${file}.partial`, info.message as Buffer);
    await rename(`${file}.partial`, file);
  }
}

/** The bare address of MAIL_FROM (`Name <a@b>` or `a@b`), for the SMTP envelope. */
function envelopeSender(): string {
  const match = /<([^<>]+)>\s*$/.exec(env.MAIL_FROM);
  return (match?.[1] ?? env.MAIL_FROM).trim();
}

/**
 * Renders a template and makes one attempt to send it: over SMTP when SMTP_URL is set, into the
 * file outbox otherwise. Throws when the attempt fails; retrying is the outbox sender's job.
 */
export async function sendEmail(message: EmailMessage): Promise<void> {
  // A stored address is always one plain mailbox; anything else could expand to several.
  if (!isPlainEmail(message.to)) throw new UndeliverableEmailError('the recipient is not one plain address');
  const [html, text] = await Promise.all([render(message.template), render(message.template, { plainText: true })]);
  // The envelope names the one recipient, so no header parsing can turn `to` into several.
  await deliver({
    from: env.MAIL_FROM,
    to: message.to,
    envelope: { from: envelopeSender(), to: [message.to] },
    subject: message.subject,
    html,
    text,
  });
}
