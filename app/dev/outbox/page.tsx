import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDate } from '@/app/account/format';
import { assertDevelopment, listOutbox } from './outbox';

export const metadata: Metadata = { title: 'Outbox (development)', robots: { index: false } };

export default async function OutboxPage() {
  assertDevelopment();
  const messages = await listOutbox();
  return (
    <main id="main" className="page">
      <header className="page-header">
        <div>
          <h1>Outbox</h1>
          <p className="lead">Mail this development server would have sent. Set SMTP_URL to send it for real.</p>
        </div>
      </header>
      <section className="card" aria-labelledby="outbox-title">
        <h2 id="outbox-title">Messages</h2>
        {messages.length === 0 ? (
          <p className="muted">Nothing yet. Ask for a password reset and the email will show up here.</p>
        ) : (
          <ul className="outbox">
            {messages.map((m) => (
              <li key={m.file}>
                <Link href={`/dev/outbox/${encodeURIComponent(m.file)}`} className="outbox-subject">
                  {m.subject}
                </Link>
                <span className="muted">
                  to {m.to}
                  {m.date && <> · {formatDate(m.date)}</>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
