'use client';

import type { ReactNode } from 'react';
import { DATABASE_AWAY_MESSAGE, DATABASE_UNAVAILABLE_DIGEST } from '@/lib/db/unavailable';
import { AuthCard } from './auth-card';

/**
 * The 500 page's card, shared by the segment error page and the one that replaces the root layout.
 * An outage of the database (known by its digest, the one thing the browser learns of a server
 * error) is not a fault: it says so, with nothing to report.
 */
export function ErrorCard({ digest, onRetry, children }: { digest?: string; onRetry: () => void; children: ReactNode }) {
  const away = digest === DATABASE_UNAVAILABLE_DIGEST;
  const title = away ? 'Briefly unavailable' : 'Something went wrong';
  const lead = away ? DATABASE_AWAY_MESSAGE : 'An error on our side stopped this page from loading. Please try again in a moment.';
  return (
    <>
      {/* Error pages cannot export metadata; React puts this <title> in the head. */}
      <title>{`${title} · Latchkey`}</title>
      <AuthCard title={title} lead={lead}>
        {digest && !away && (
          <p className="error-code muted">
            Error reference: <code>{digest}</code>
          </p>
        )}
        <div className="stacked-actions">
          <button type="button" className="button button-primary button-block" onClick={onRetry}>
            Try again
          </button>
          {children}
        </div>
      </AuthCard>
    </>
  );
}
