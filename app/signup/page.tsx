import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { env } from '@/lib/env';
import { getCurrentSession } from '@/lib/cookies/session';
import { AuthCard } from '@/app/_components/auth-card';
import { passwordHint } from '@/app/_lib/passwords';
import { safeNextPath } from '@/app/_lib/safe-next';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { ProviderLinks } from '@/app/_components/provider-links';
import { SignupForm } from './signup-form';
import { guardPage } from '@/app/_lib/database-away';

export const metadata: Metadata = { title: 'Create an account' };

export default guardPage(async function SignupPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  if (await getCurrentSession()) redirect('/account');
  const next = safeNextPath(param(params, 'next'));
  const loginHref = next ? `/login?next=${encodeURIComponent(next)}` : '/login';
  return (
    <AuthCard
      title="Create your account"
      lead="It takes a minute. You can log in with your email or your username."
      footer={
        <>
          Already have an account? <Link href={loginHref}>Log in</Link>
        </>
      }
    >
      <SignupForm next={next} passwordHint={passwordHint()} askRealm={env.REALM_REQUIRED} />
      <ProviderLinks next={next} />
    </AuthCard>
  );
});
