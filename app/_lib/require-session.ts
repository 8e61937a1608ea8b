import 'server-only';
import { redirect } from 'next/navigation';
import { getCurrentSession, type CurrentSession } from '@/lib/session';

/** The signed-in session, or off to the login page (which brings the visitor back afterwards). */
export async function requireSession(returnTo: '/account' = '/account'): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/login?next=${returnTo}`);
  return session;
}
