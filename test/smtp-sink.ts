import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the sink caught it. */
export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: number;
}

export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  messages: CaughtMail[];
  /** How many messages have arrived so far: pass it to `waitForMail` as `after`. */
  mark(): number;
  /** Waits for the first message to `to` among those that arrive after `after` (a `mark()`). */
  waitForMail(to: string, options?: MailQuery): Promise<CaughtMail>;
  close(): Promise<void>;
}

export interface MailQuery {
  /** Only messages that arrived after this many (a `mark()`). */
  after?: number;
  /** Only messages whose subject contains this. */
  subject?: string;
  timeoutMs?: number;
}

export interface SinkOptions {
  /** Also write each message as JSON into this folder (for readers in another process). */
  dir?: string;
  /** Answer the first N messages with a temporary failure (451), to exercise retries. */
  failFirst?: number;
  /** Listen on this port (an SMTP server coming back where it was); a random one otherwise. */
  port?: number;
}

/** A real SMTP server on 127.0.0.1 (random port) that keeps what it receives. */
export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const messages: CaughtMail[] = [];
  let toFail = options.failFirst ?? 0;
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (toFail > 0) {
            toFail -= 1;
            const error = Object.assign(new Error('try again later'), { responseCode: 451 });
            callback(error);
            return;
          }
          const mail: CaughtMail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            receivedAt: Date.now(),
          };
          messages.push(mail);
          if (options.dir) {
            // Written aside and renamed into place: a reader in another process never sees half a file.
            const file = path.join(options.dir, `${String(messages.length).padStart(6, '0')}.json`);
            writeFileSync(`${file}.partial`, JSON.stringify(mail));
            renameSync(`${file}.partial`, file);
          }
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    mark: () => messages.length,
    waitForMail: (to, opts) => pollForMail(() => messages, to, opts),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads what a sink in another process wrote into `dir`. */
export function readMailDir(dir: string): CaughtMail[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')) as CaughtMail);
}

export async function pollForMail(
  source: () => CaughtMail[],
  to: string,
  { after = 0, subject, timeoutMs = 10_000 }: MailQuery = {},
): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  const wanted = to.toLowerCase();
  for (;;) {
    const found = source()
      .slice(after)
      .find((m) => m.to.includes(wanted) && (subject === undefined || m.subject.includes(subject)));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The reset link in a message's plain-text part. */
export function linkIn(mail: CaughtMail, pathname: string): URL {
  const match = mail.text.match(new RegExp(`https?://[^\\s\\]]*${pathname.replace(/[/]/g, '\\/')}\\?[^\\s\\]]+`));
  if (!match) throw new Error(`no ${pathname} link in the mail`);
  return new URL(match[0]);
}
