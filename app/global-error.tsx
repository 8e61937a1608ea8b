'use client';

import './globals.css';
import { ErrorCard } from '@/app/_components/error-card';

/**
 * When the root layout itself fails, this replaces it, so it brings its own <html> and <body>. A
 * plain <a>: the client router may be what broke, and a full load starts over.
 */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <ErrorCard digest={error.digest} onRetry={reset}>
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above */}
          <a className="button button-secondary button-block" href="/">
            Go to the home page
          </a>
        </ErrorCard>
      </body>
    </html>
  );
}
