import type { Metadata } from 'next';
import { getCurrentSession } from '@/lib/cookies/session';
import { LinkActionPage, type LinkOutcome } from '@/app/_components/link-action';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { confirmEmailChangeAction } from './actions';
import { guardPage } from '@/app/_lib/database-away';

export const metadata: Metadata = {
  title: 'Confirm your new email address',
  // The emailed link is answered by proxy.ts (no-referrer, token moved into a cookie); this URL
  // holds no secret. Not `no-referrer`: the button's POST would carry `Origin: null`.
  referrer: 'strict-origin',
  robots: { index: false, follow: false },
};

const OUTCOMES = {
  confirmed: { title: 'Your email address has changed', lead: 'Use the new address to log in. Every other session has been logged out.' },
  taken: { title: 'That address is already in use', lead: 'Another account uses it now, so your email address has not changed.' },
  throttled: { title: 'Too many attempts', lead: 'Wait a few minutes, then open the link from your email again.' },
  invalid: {
    title: 'This link no longer works',
    lead: 'Links to confirm a new address work once, for a limited time, and only the newest one works. Nothing has changed.',
  },
} satisfies Record<string, LinkOutcome>;

export default guardPage(async function ConfirmEmailPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <LinkActionPage
      page="/confirm-email"
      result={param(await searchParams, 'result')}
      prompt={{
        title: 'Confirm your new email address',
        lead: "Press the button to make this address your account's email.",
        action: confirmEmailChangeAction,
        pendingLabel: 'Confirming…',
        label: 'Use this address',
      }}
      outcomes={OUTCOMES}
      onward={async () =>
        (await getCurrentSession()) !== null ? { href: '/account', label: 'Go to your account' } : { href: '/login', label: 'Log in' }
      }
    />
  );
});
