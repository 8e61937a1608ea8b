import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { notFound } from 'next/navigation';
import { env } from '@/lib/env';

/** The development outbox: the .eml files lib/email writes when no SMTP_URL is set. */

export interface OutboxMessage {
  file: string;
  subject: string;
  to: string;
  from: string;
  date: string | null;
  text: string;
  html: string | null;
  links: string[];
}

const FILE_NAME = /^[\w.-]+\.eml$/;

/** Development only: in production these pages do not exist. */
export function assertDevelopment(): void {
  if (env.NODE_ENV === 'production') notFound();
}

function linksIn(text: string, html: string | null): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/https?:\/\/[^\s<>"'\]]+/g)) found.add(m[0]);
  for (const m of (html ?? '').matchAll(/href="(https?:\/\/[^"]+)"/g)) if (m[1]) found.add(m[1].replaceAll('&amp;', '&'));
  return [...found];
}

async function parse(file: string): Promise<OutboxMessage> {
  // mailparser is a development dependency, loaded only on these development pages.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(await readFile(path.join(env.OUTBOX_DIR, file)));
  const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
  const html = typeof mail.html === 'string' ? mail.html : null;
  const text = mail.text ?? '';
  return {
    file,
    subject: mail.subject ?? '(no subject)',
    to,
    from: mail.from?.text ?? '',
    date: mail.date ? mail.date.toISOString() : null,
    text,
    html,
    links: linksIn(text, html),
  };
}

async function files(): Promise<string[]> {
  try {
    return (await readdir(env.OUTBOX_DIR)).filter((f) => FILE_NAME.test(f));
  } catch {
    return [];
  }
}

export async function listOutbox(): Promise<OutboxMessage[]> {
  const messages = await Promise.all((await files()).map(parse));
  return messages.sort((a, b) => (b.date ?? b.file).localeCompare(a.date ?? a.file));
}

/** One message by file name; only names that are actually in the outbox are read. */
export async function readOutboxMessage(file: string): Promise<OutboxMessage | null> {
  if (!FILE_NAME.test(file) || !(await files()).includes(file)) return null;
  return parse(file);
}
