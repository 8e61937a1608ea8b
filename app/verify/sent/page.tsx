import type { Metadata } from 'next';
import Link from 'next/link';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/cookies/session';
import { AuthCard } from '@/app/_components/auth-card';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { describeDuration } from '@/lib/duration';
import { pendingVerificationId } from '@/lib/cookies/pending-verification';
import { ResendVerificationForm } from '../resend-form';

function heading(params: Awaited<SearchParams>): string {
  return param(params, 'reason') === 'unconfirmed' ? 'Confirm your email address first' : 'Check your inbox';
}

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  return { title: heading(await searchParams), robots: { index: false, follow: false } };
}

/**
 * Where sign-up lands when addresses must be confirmed, and where login sends an account that has
 * not confirmed yet. It names no address and no account: whoever looks over a shoulder learns
 * nothing. Which of the two wordings is chosen by a fixed key, never by words in the query.
 */
export default async function CheckInboxPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const fromLogin = param(params, 'reason') === 'unconfirmed';
  const canResend = (await getCurrentSession()) !== null || (await pendingVerificationId()) !== null;
  const lifetime = describeDuration(env.VERIFY_TOKEN_TTL);
  return (
    <AuthCard
      title={heading(params)}
      lead={
        fromLogin
          ? 'You need to confirm your email address before you can log in. Open the email we sent you, follow its link, then log in again.'
          : "Your account is created. We've emailed you a link to confirm your address: follow it, then log in."
      }
      footer={
        <>
          Confirmed already? <Link href="/login">Log in</Link>
        </>
      }
    >
      <p className="muted">
        The link works for {lifetime}. Can&apos;t find the email? Look in your spam folder, or ask for a new one.
      </p>
      {canResend ? (
        <ResendVerificationForm block label="Send a new link" />
      ) : (
        <p>
          <Link className="button button-secondary button-block" href="/login">
            Log in to ask for a new link
          </Link>
        </p>
      )}
    </AuthCard>
  );
}
