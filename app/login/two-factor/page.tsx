import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/cookies/session';
import { pendingLogin } from '@/lib/cookies/pending-login';
import { AuthCard } from '@/app/_components/auth-card';
import { LoginCodeForm } from './code-form';
import { guardPage } from '@/app/_lib/database-away';

export const metadata: Metadata = { title: 'Two-factor authentication', robots: { index: false, follow: false } };

/** The second step of a login for an account with two-factor on; the first step's cookie says whose. */
export default guardPage(async function LoginCodePage() {
  if (await getCurrentSession()) redirect('/account');
  if (!(await pendingLogin())) {
    return (
      <AuthCard title="Your sign-in timed out" lead="The code has to follow the password within five minutes. Log in again with your password.">
        <p>
          <Link className="button button-primary button-block" href="/login">
            Log in
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Two-factor authentication"
      lead="Your password was right. Now enter the code your authenticator app shows for Latchkey."
      footer={
        <>
          Not you? <Link href="/login">Start again</Link>
        </>
      }
    >
      <LoginCodeForm />
    </AuthCard>
  );
});
