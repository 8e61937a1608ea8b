'use server';

import { guardPage } from '@/app/_lib/database-away';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { confirmEmailChange, hasFieldCode } from '@/lib/auth';
import { linkCookieName, linkCookieOptions, unpackLinkParams } from '@/lib/cookies/emailed-links';
import { getCurrentSession } from '@/lib/cookies/session';
import { actionContext } from '@/app/_lib/request-context';

/**
 * The button on the page the new address's link lands on. Every session of the account ends but
 * this browser's, when it is signed in to that account.
 */
export const confirmEmailChangeAction = guardPage(async function confirmEmailChangeAction(): Promise<void> {
  const jar = await cookies();
  const name = linkCookieName('/confirm-email');
  const link = unpackLinkParams('/confirm-email', jar.get(name)?.value);
  const session = await getCurrentSession();
  const result = link ? await confirmEmailChange(link.token, { ...(await actionContext()), keepTokenHash: session?.token.id }) : null;
  const outcome = result?.ok
    ? 'confirmed'
    : result?.error.code === 'TOO_MANY_REQUESTS'
      ? 'throttled'
      : result && hasFieldCode(result.error, 'email', 'uniqueness')
        ? 'taken'
        : 'invalid';
  if (outcome !== 'throttled') jar.set(name, '', linkCookieOptions(0));
  redirect(`/confirm-email?result=${outcome}`);
});
