import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/app/_components/auth-card';

export const metadata: Metadata = { title: 'Page not found', robots: { index: false, follow: true } };

/** Any address no page answers, and every `notFound()`: inside the site's own frame, with a way on. */
export default function NotFound() {
  return (
    <AuthCard title="Page not found" lead="There is nothing at this address. The link may be mistyped or out of date.">
      <p className="error-code muted">Error 404</p>
      <div className="stacked-actions">
        <Link className="button button-primary button-block" href="/">
          Go to the home page
        </Link>
        <Link className="button button-secondary button-block" href="/login">
          Log in
        </Link>
      </div>
    </AuthCard>
  );
}
