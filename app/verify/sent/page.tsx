import type { Metadata } from 'next';
import Link from 'next/link';
import { findUserById } from '@/lib/auth';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/cookies/session';
import { AuthCard } from '@/app/_components/auth-card';
import { BreakableAddress } from '@/app/_components/breakable-address';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { CorrectEmailForm } from '../correct-email-form';
import { describeDuration } from '@/lib/duration';
import { pendingVerification } from '@/lib/cookies/pending-verification';
import { ResendVerificationForm } from '../resend-form';
import { resendLimitNote, resendWait } from '../resend-limits';
import { guardPage } from '@/app/_lib/database-away';

function heading(params: Awaited<SearchParams>): string {
  return param(params, 'reason') === 'unconfirmed' ? 'Confirm your email address first' : 'Check your inbox';
}

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  return { title: heading(await searchParams), robots: { index: false, follow: false } };
}

/**
 * Where sign-up lands when addresses must be confirmed, and where login sends an account that has
 * not confirmed yet. The address is shown only to the browser that has just created the account
 * (its sealed sign-up cookie), which may also correct a mistyped one; anyone else with the URL
 * sees no address and no account. Which wording is chosen by a fixed key, never by words in the query.
 */
export default guardPage(async function CheckInboxPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const fromLogin = param(params, 'reason') === 'unconfirmed';
  const session = await getCurrentSession();
  const pending = session ? null : await pendingVerification();
  const accountId = session ? session.user.id : pending?.id;
  const justCreated = pending?.via === 'signup' ? await findUserById(Number(pending.id)) : undefined;
  const address = justCreated && !justCreated.emailVerified ? justCreated.email : null;
  const changed = address !== null && param(params, 'changed') === '1';
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
      {address && (
        <p className={changed ? 'notice notice-success' : undefined}>
          {changed ? 'Address changed. We sent the link to ' : 'We sent it to '}
          <strong>
            <BreakableAddress address={address} />
          </strong>
          .
        </p>
      )}
      <p className="muted">The link works for {lifetime}. Can&apos;t find the email? Look in your spam folder, or ask for a new one.</p>
      {accountId !== undefined ? (
        <ResendVerificationForm block label="Send a new link" wait={await resendWait(accountId)} limit={resendLimitNote()} />
      ) : (
        <p>
          <Link className="button button-secondary button-block" href="/login">
            Log in to ask for a new link
          </Link>
        </p>
      )}
      {address && (
        <section className="correct-email" aria-labelledby="correct-email-title">
          <h2 id="correct-email-title">Wrong address?</h2>
          <p className="muted">Type the right one and we&apos;ll send the link there instead; the link sent to the old address stops working.</p>
          <CorrectEmailForm />
        </section>
      )}
    </AuthCard>
  );
});
