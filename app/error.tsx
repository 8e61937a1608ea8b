'use client';

import Link from 'next/link';
import { ErrorCard } from '@/app/_components/error-card';

/**
 * A page that failed to render (a 500). It says nothing about the cause: the message of a server
 * error never reaches the browser in production, only a digest that matches the server's log.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorCard digest={error.digest} onRetry={reset}>
      <Link className="button button-secondary button-block" href="/">
        Go to the home page
      </Link>
    </ErrorCard>
  );
}
