import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getCurrentSession, SESSION_COOKIE, type CurrentSession } from '@/lib/cookies/session';

/**
 * The signed-in session, or off to the login page (which brings the visitor back afterwards).
 * A session cookie that no longer opens a session (its token was revoked elsewhere or has expired)
 * means this browser was signed in a moment ago: the login page then says the session has ended,
 * chosen by a fixed key; nothing about the token goes into the URL.
 */
export async function requireSession(returnTo: '/account' = '/account'): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) {
    const hadCookie = (await cookies()).has(SESSION_COOKIE);
    redirect(hadCookie ? `/login?status=session-ended&next=${returnTo}` : `/login?next=${returnTo}`);
  }
  return session;
}
