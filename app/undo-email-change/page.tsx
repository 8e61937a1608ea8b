import type { Metadata } from 'next';
import { LinkActionPage, type LinkOutcome } from '@/app/_components/link-action';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { undoEmailChangeAction } from './actions';
import { guardPage } from '@/app/_lib/database-away';

export const metadata: Metadata = {
  title: 'Undo an email change',
  // As /confirm-email: the token sits in an HttpOnly cookie, and the button's POST needs an Origin.
  referrer: 'strict-origin',
  robots: { index: false, follow: false },
};

/** `reset`: the way on is to reset the password, which whoever changed the address may know. */
type UndoOutcome = LinkOutcome & { reset?: boolean };

const OUTCOMES: Record<string, UndoOutcome> & { invalid: UndoOutcome } = {
  cancelled: {
    title: 'The change is cancelled',
    lead: 'Your email address stays as it is. If you did not ask for the change, change your password.',
    reset: true,
  },
  reverted: {
    title: 'Your email address is back',
    lead: 'We have put your old address back and logged the account out everywhere. Reset your password now: whoever changed the address may know it.',
    reset: true,
  },
  taken: { title: 'We could not put your address back', lead: 'Another account uses it now. Contact support.' },
  throttled: { title: 'Too many attempts', lead: 'Wait a few minutes, then open the link from your email again.' },
  invalid: { title: 'This link no longer works', lead: 'It has expired or was already used. Nothing has changed.' },
};

export default guardPage(async function UndoEmailChangePage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <LinkActionPage
      page="/undo-email-change"
      result={param(await searchParams, 'result')}
      prompt={{
        title: 'Undo the email change',
        lead: "If you did not ask to change your account's email address, press the button.",
        action: undoEmailChangeAction,
        pendingLabel: 'Undoing…',
        label: 'Undo the change',
      }}
      outcomes={OUTCOMES}
      onward={(outcome) => (outcome.reset ? { href: '/forgot-password', label: 'Reset your password' } : { href: '/login', label: 'Log in' })}
    />
  );
});
