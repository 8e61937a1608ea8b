'use client';

import type { ReactNode } from 'react';
import { AuthCard } from './auth-card';

/** The 500 page's card, shared by the segment error page and the one that replaces the root layout. */
export function ErrorCard({ digest, onRetry, children }: { digest?: string; onRetry: () => void; children: ReactNode }) {
  return (
    <>
      {/* Error pages cannot export metadata; React puts this <title> in the head. */}
      <title>Something went wrong · Latchkey</title>
      <AuthCard title="Something went wrong" lead="An error on our side stopped this page from loading. Please try again in a moment.">
        {digest && (
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
