'use server';

import { guardPage } from '@/app/_lib/database-away';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { hasFieldCode, undoEmailChange } from '@/lib/auth';
import { linkCookieName, linkCookieOptions, unpackLinkParams } from '@/lib/cookies/emailed-links';
import { clearSessionCookie } from '@/lib/cookies/session';
import { actionContext } from '@/app/_lib/request-context';

/** The button on the page the old address's link lands on. */
export const undoEmailChangeAction = guardPage(async function undoEmailChangeAction(): Promise<void> {
  const jar = await cookies();
  const name = linkCookieName('/undo-email-change');
  const link = unpackLinkParams('/undo-email-change', jar.get(name)?.value);
  const result = link ? await undoEmailChange(link.token, await actionContext()) : null;
  const outcome = result?.ok
    ? result.value.reverted
      ? 'reverted'
      : 'cancelled'
    : result?.error.code === 'TOO_MANY_REQUESTS'
      ? 'throttled'
      : result && hasFieldCode(result.error, 'email', 'uniqueness')
        ? 'taken'
        : 'invalid';
  if (outcome !== 'throttled') jar.set(name, '', linkCookieOptions(0));
  // Every session of the account ended; this browser's cookie, whoever's it was, goes too.
  if (outcome === 'reverted') await clearSessionCookie();
  redirect(`/undo-email-change?result=${outcome}`);
});
