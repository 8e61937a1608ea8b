import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDate } from '@/app/account/format';
import { assertDevelopment, readOutboxMessage } from '../outbox';

export const metadata: Metadata = { title: 'Message (development)', robots: { index: false }, referrer: 'no-referrer' };

export default async function OutboxMessagePage({ params }: { params: Promise<{ message: string }> }) {
  assertDevelopment();
  const message = await readOutboxMessage(decodeURIComponent((await params).message));
  if (!message) notFound();
  return (
    <main id="main" className="page">
      <p>
        <Link href="/dev/outbox">← Outbox</Link>
      </p>
      <article className="card" aria-labelledby="message-title">
        <h1 id="message-title">{message.subject}</h1>
        <dl className="facts">
          <div>
            <dt>From</dt>
            <dd>{message.from}</dd>
          </div>
          <div>
            <dt>To</dt>
            <dd>{message.to}</dd>
          </div>
          {message.date && (
            <div>
              <dt>Sent</dt>
              <dd>{formatDate(message.date)}</dd>
            </div>
          )}
        </dl>
        {message.links.length > 0 && (
          <>
            <h2>Links</h2>
            <ul className="outbox-links">
              {message.links.map((href) => (
                <li key={href}>
                  <a href={href}>{href}</a>
                </li>
              ))}
            </ul>
          </>
        )}
        <h2>Text</h2>
        <pre className="mail-text">{message.text}</pre>
        {message.html && (
          <>
            <h2>HTML</h2>
            {/* Sandboxed without scripts: the mail's HTML is shown, never run. */}
            <iframe className="mail-html" title={`HTML of “${message.subject}”`} sandbox="" srcDoc={message.html} />
          </>
        )}
      </article>
    </main>
  );
}
