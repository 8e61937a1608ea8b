import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/cookies/session';
import { AuthCard } from '@/app/_components/auth-card';
import { safeNextPath } from '@/app/_lib/safe-next';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { ProviderLinks } from '@/app/_components/provider-links';
import { providerFailureMessage } from '@/app/_lib/provider-messages';
import { loginHint } from './hint';
import { LoginForm, type RealmField } from './login-form';
import { guardPage } from '@/app/_lib/database-away';

export const metadata: Metadata = { title: 'Log in' };

/** Fixed notices chosen by key, so the query string can never put words on the page. */
const NOTICES: Record<string, string> = {
  'signed-out': 'You have signed out.',
  'password-reset': 'Your password has been changed. Log in with your new password.',
  'email-confirmed': 'Your email address is confirmed. Log in to continue.',
  'session-ended': 'Your session has ended. Please log in again.',
  'account-deleted': "Your account has been deleted and every session logged out. We've emailed a goodbye note to its address.",
  'confirm-email': "Your account is ready. We've emailed you a link to confirm your address; follow it, then log in.",
};

/** The realm field, only where realms are required. */
function realmField(): RealmField | undefined {
  if (!env.REALM_REQUIRED) return undefined;
  const d = env.REALM_DELIMITER;
  return d ? { hint: `Or leave this empty and type it before your email or username, like team${d}name@example.com.` } : {};
}

export default guardPage(async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  if (await getCurrentSession()) redirect('/account');
  const next = safeNextPath(param(params, 'next'));
  const status = param(params, 'status') ?? '';
  const notice = NOTICES[status];
  // Prefilled only where a flow just ended that named the account (docs/decisions/021).
  const hint = status === 'password-reset' || status === 'email-confirmed' ? await loginHint() : undefined;
  const signupHref = next ? `/signup?next=${encodeURIComponent(next)}` : '/signup';
  // A sign-in at a provider that failed ends here (lib/oidc/flow.ts).
  const providerFailure = providerFailureMessage(param(params, 'error'), param(params, 'provider'));
  return (
    <AuthCard
      title="Log in"
      lead="Welcome back. Use your email address or your username."
      footer={
        <>
          New here? <Link href={signupHref}>Create an account</Link>
        </>
      }
    >
      {providerFailure && (
        <p className="notice notice-error provider-failure" role="alert">
          {providerFailure}
        </p>
      )}
      <LoginForm next={next} notice={notice} realm={realmField()} hint={hint} />
      <ProviderLinks next={next} />
    </AuthCard>
  );
});
