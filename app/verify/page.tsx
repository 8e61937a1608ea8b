import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { confirmEmail } from '@/lib/auth';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/session';
import { AuthCard } from '@/app/_components/auth-card';
import { actionContext } from '@/app/_lib/request-context';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { describeDuration } from './duration';
import { verifyOutcomePath, type VerifyOutcome, readVerifyOutcome } from './outcome';

/** Each outcome's heading, which is also the page's title. */
const TITLES: Record<VerifyOutcome['result'], string> = {
  confirmed: 'Your email address is confirmed',
  already: 'Your email address is already confirmed',
  throttled: 'Too many attempts',
  invalid: 'This link no longer works',
};

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const params = await searchParams;
  return { ...metadata, title: TITLES[readVerifyOutcome(param(params, 'result'), param(params, 'retry')).result] };
}

const metadata: Metadata = {
  // The emailed link holds a token. This page has no form to post (a POST under `no-referrer`
  // carries `Origin: null`, which Next refuses: docs/decisions/007), so it can afford to send no
  // Referer at all.
  referrer: 'no-referrer',
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

/**
 * Spends the emailed link and says where the answer is. Opening the link confirms: having it
 * proves the visitor reads the mailbox, and the token is single-use, expiring and bound to the
 * address it was sent to. The answer is a redirect to a clean URL because Next writes a page's
 * URL into the HTML it renders (its router state): rendering here would put the token in the page.
 */
async function confirmFromLink(uid: string | undefined, token: string | undefined): Promise<string> {
  const result = await confirmEmail(uid, token, await actionContext());
  if (result.ok) return verifyOutcomePath({ result: 'confirmed' });
  if (result.error.status === 429) return verifyOutcomePath({ result: 'throttled', retryAfter: result.error.retryAfter });
  // Only the account's owner learns that it is already confirmed; anyone else gets the same
  // answer for a wrong, used, expired or voided link.
  const session = await getCurrentSession();
  const own = session !== null && String(session.user.id) === uid;
  return verifyOutcomePath({ result: own && session.user.emailVerified ? 'already' : 'invalid' });
}

function Outcome({ outcome, signedIn, verified }: { outcome: VerifyOutcome; signedIn: boolean; verified: boolean }) {
  switch (outcome.result) {
    case 'confirmed':
      return (
        <AuthCard title={TITLES.confirmed} lead={signedIn ? 'Thanks. Your account is all set.' : 'Thanks. You can now log in.'}>
          {signedIn ? <ButtonLink href="/account">Go to your account</ButtonLink> : <ButtonLink href="/login">Log in</ButtonLink>}
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

export default async function VerifyPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const uid = param(params, 'uid');
  const token = param(params, 'token');
  if (uid !== undefined || token !== undefined) redirect(await confirmFromLink(uid, token));

  const session = await getCurrentSession();
  return (
    <Outcome
      outcome={readVerifyOutcome(param(params, 'result'), param(params, 'retry'))}
      signedIn={session !== null}
      verified={session?.user.emailVerified ?? false}
    />
  );
}
