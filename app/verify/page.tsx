import type { Metadata } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import { linkCookieName } from '@/lib/http/link-cookie';
import { SubmitButton } from '@/app/_components/submit-button';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/session';
import { AuthCard } from '@/app/_components/auth-card';
import { confirmFromLink } from './actions';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { describeDuration } from './duration';
import { type VerifyOutcome, readVerifyOutcome } from './outcome';

export const metadata: Metadata = {
  title: 'Confirm your email address',
  // The emailed link (`?uid=&token=`) is answered by proxy.ts with `no-referrer` and a redirect
  // here, the token moved into an HttpOnly cookie, so this URL holds no secret. Not `no-referrer`:
  // the button's POST would carry `Origin: null`, which Next refuses (docs/decisions/007).
  referrer: 'strict-origin',
  robots: { index: false, follow: false },
};

function ButtonLink({ href, children }: { href: string; children: string }) {
  return (
    <p>
      <Link className="button button-primary button-block" href={href}>
        {children}
      </Link>
    </p>
  );
}

function Outcome({ outcome, signedIn, verified }: { outcome: VerifyOutcome; signedIn: boolean; verified: boolean }) {
  switch (outcome.result) {
    case 'confirmed':
      return (
        <AuthCard title="Your email address is confirmed" lead={signedIn ? 'Thanks. Your account is all set.' : 'Thanks. You can now log in.'}>
          {signedIn ? <ButtonLink href="/account">Go to your account</ButtonLink> : <ButtonLink href="/login">Log in</ButtonLink>}
        </AuthCard>
      );
    case 'already':
      return (
        <AuthCard title="Your email address is already confirmed" lead="There is nothing more to do.">
          <ButtonLink href={signedIn ? '/account' : '/login'}>{signedIn ? 'Go to your account' : 'Log in'}</ButtonLink>
        </AuthCard>
      );
    case 'throttled': {
      const minutes = outcome.retryMinutes;
      return (
        <AuthCard
          title="Too many attempts"
          lead={`Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, then open the link from your email again.`}
        >
          <ButtonLink href={signedIn ? '/account' : '/login'}>{signedIn ? 'Go to your account' : 'Log in'}</ButtonLink>
        </AuthCard>
      );
    }
    case 'invalid':
      return (
        <AuthCard
          title="This link no longer works"
          lead={`Confirmation links work once, for ${describeDuration(env.VERIFY_TOKEN_TTL)}, and only the one in the newest email works.`}
        >
          {signedIn && !verified ? (
            <>
              <p>Ask for a new link from your account page, then use the newest email.</p>
              <ButtonLink href="/account#verification">Send a new link</ButtonLink>
            </>
          ) : signedIn ? (
            <ButtonLink href="/account">Go to your account</ButtonLink>
          ) : (
            <>
              <p>Log in, and if your address still needs confirming you can ask for a new link.</p>
              <ButtonLink href="/login">Log in</ButtonLink>
            </>
          )}
        </AuthCard>
      );
  }
}

export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // Opening the link confirms nothing (mail scanners open links): it asks for a click.
  if ((await cookies()).get(linkCookieName('/verify'))?.value && param(params, 'result') === undefined) {
    return (
      <AuthCard title="Confirm your email address" lead="Press the button to confirm that this address is yours.">
        <form action={confirmFromLink}>
          <SubmitButton block pendingLabel="Confirming…">
            Confirm my address
          </SubmitButton>
        </form>
      </AuthCard>
    );
  }
  const session = await getCurrentSession();
  return (
    <Outcome
      outcome={readVerifyOutcome(param(params, 'result'), param(params, 'retry'))}
      signedIn={session !== null}
      verified={session?.user.emailVerified ?? false}
    />
  );
}
