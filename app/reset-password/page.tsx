import type { Metadata } from 'next';
import Link from 'next/link';
import { RESET_PASSWORD_SCOPE, validateAccessToken } from '@/lib/auth';
import { AuthCard } from '@/app/_components/auth-card';
import { passwordHint } from '@/app/_lib/passwords';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = {
  title: 'Choose a new password',
  // The reset token is in this page's URL, so no request from this page may carry the URL in a
  // Referer: `strict-origin` sends at most our origin. Not `no-referrer`: with it the browser sends
  // `Origin: null` on the form's POST, and Next refuses a server action whose Origin does not match
  // (its CSRF check), which breaks the form without JavaScript (docs/decisions).
  referrer: 'strict-origin',
  robots: { index: false, follow: false },
};

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const token = param(await searchParams, 'access_token') ?? '';
  // Checked up front so nobody types a new password into a link that cannot work.
  const usable = token !== '' && (await validateAccessToken(token, RESET_PASSWORD_SCOPE)).status === 'valid';
  if (!usable) {
    return (
      <AuthCard title="This link no longer works" lead="Reset links work once, for a short time. Request a new one and use the newest email.">
        <p>
          <Link className="button button-primary button-block" href="/forgot-password">
            Request a new link
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" lead="You'll be signed out everywhere and can log in with the new password.">
      <ResetPasswordForm token={token} passwordHint={passwordHint()} />
    </AuthCard>
  );
}
