import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import Link from 'next/link';
import { cache } from 'react';
import { RESET_PASSWORD_SCOPE, validateAccessToken } from '@/lib/auth';
import { hasTwoFactor } from '@/lib/auth/two-factor';
import { AuthCard } from '@/app/_components/auth-card';
import { passwordHint } from '@/app/_lib/passwords';
import { RESET_COOKIE } from '@/lib/cookies/reset-link';
import { ResetPasswordForm } from './reset-password-form';
import { guardPage } from '@/app/_lib/database-away';

const LIVE_TITLE = 'Choose a new password';
const DEAD_TITLE = 'This link no longer works';

/** The reset link's account, or null when the link cannot be used; looked up once per request. */
const linkAccount = cache(async () => {
  const token = (await cookies()).get(RESET_COOKIE)?.value ?? '';
  if (token === '') return null;
  const check = await validateAccessToken(token, RESET_PASSWORD_SCOPE);
  if (check.status !== 'valid') return null;
  return { email: check.user.email, username: check.user.username, twoFactor: await hasTwoFactor(check.user.id) };
});

export async function generateMetadata(): Promise<Metadata> {
  return { ...metadata, title: (await linkAccount()) ? LIVE_TITLE : DEAD_TITLE };
}

const metadata: Metadata = {
  // The emailed link (`?access_token=`) is answered by proxy.ts with `no-referrer` and a redirect
  // here, the token moved into an HttpOnly cookie. This page's own URL holds no secret; it sends at
  // most our origin. Not `no-referrer`: with it the browser sends `Origin: null` on the form's POST,
  // and Next refuses a server action whose Origin does not match (its CSRF check), which breaks the
  // form without JavaScript (docs/decisions/007-browser-session-cookie.md).
  referrer: 'strict-origin',
  robots: { index: false, follow: false },
};

export default guardPage(async function ResetPasswordPage() {
  // Checked up front so nobody types a new password into a link that cannot work.
  const account = await linkAccount();
  if (!account) {
    return (
      <AuthCard title={DEAD_TITLE} lead="Reset links work once, for a short time. Request a new one and use the newest email.">
        <p>
          <Link className="button button-primary button-block" href="/forgot-password">
            Request a new link
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title={LIVE_TITLE}
      lead={
        <>
          For <strong className="account-name">{account.username ?? account.email}</strong>. You&apos;ll be signed out everywhere and can log in with
          the new password.
        </>
      }
    >
      <ResetPasswordForm passwordHint={passwordHint()} account={{ email: account.email, username: account.username }} twoFactor={account.twoFactor} />
    </AuthCard>
  );
});
