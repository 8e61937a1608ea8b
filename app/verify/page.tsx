import type { Metadata } from 'next';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/cookies/session';
import { AuthCard } from '@/app/_components/auth-card';
import { ButtonLink, LinkPrompt, linkWasOpened } from '@/app/_components/link-action';
import { confirmEmailAction } from './actions';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { describeDuration } from '@/lib/duration';
import { type VerifyOutcome, readVerifyOutcome } from './outcome';
import { guardPage } from '@/app/_lib/database-away';

/** Each outcome's heading, which is also the page's title. */
const TITLES: Record<VerifyOutcome['result'], string> = {
  confirmed: 'Your email address is confirmed',
  already: 'Your email address is already confirmed',
  throttled: 'Too many attempts',
  invalid: 'This link no longer works',
};
const CONFIRM_TITLE = 'Confirm your email address';

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const params = await searchParams;
  const result = param(params, 'result');
  return { ...metadata, title: result === undefined ? CONFIRM_TITLE : TITLES[readVerifyOutcome(result, param(params, 'retry')).result] };
}

const metadata: Metadata = {
  // The emailed link (`?uid=&token=`) is answered by proxy.ts with `no-referrer` and a redirect
  // here, the token moved into an HttpOnly cookie, so this URL holds no secret. Not `no-referrer`:
  // the button's POST would carry `Origin: null`, which Next refuses (docs/decisions/007).
  referrer: 'strict-origin',
  robots: { index: false, follow: false },
};

function Outcome({ outcome, signedIn, verified }: { outcome: VerifyOutcome; signedIn: boolean; verified: boolean }) {
  switch (outcome.result) {
    case 'confirmed':
      return (
        <AuthCard title={TITLES.confirmed} lead={signedIn ? 'Thanks. Your account is all set.' : 'Thanks. You can now log in.'}>
          {signedIn ? (
            <ButtonLink href="/account">Go to your account</ButtonLink>
          ) : (
            <ButtonLink href="/login?status=email-confirmed">Log in</ButtonLink>
          )}
        </AuthCard>
      );
    case 'already':
      return (
        <AuthCard title={TITLES.already} lead="There is nothing more to do.">
          <ButtonLink href={signedIn ? '/account' : '/login'}>{signedIn ? 'Go to your account' : 'Log in'}</ButtonLink>
        </AuthCard>
      );
    case 'throttled': {
      const minutes = outcome.retryMinutes;
      return (
        <AuthCard
          title={TITLES.throttled}
          lead={`Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, then open the link from your email again.`}
        >
          <ButtonLink href={signedIn ? '/account' : '/login'}>{signedIn ? 'Go to your account' : 'Log in'}</ButtonLink>
        </AuthCard>
      );
    }
    case 'invalid':
      return (
        <AuthCard
          title={TITLES.invalid}
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

export default guardPage(async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // Opening the link confirms nothing (mail scanners open links): it asks for a click.
  if ((await linkWasOpened('/verify')) && param(params, 'result') === undefined) {
    return (
      <LinkPrompt
        title={CONFIRM_TITLE}
        lead="Press the button to confirm that this address is yours."
        action={confirmEmailAction}
        pendingLabel="Confirming…"
      >
        Confirm my address
      </LinkPrompt>
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
});
