import type { Metadata } from 'next';
import { AuthCard } from '@/app/_components/auth-card';
import { ButtonLink, LinkPrompt, linkWasOpened } from '@/app/_components/link-action';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { undoEmailChangeAction } from './actions';

export const metadata: Metadata = {
  title: 'Undo an email change',
  // As /confirm-email: the token sits in an HttpOnly cookie, and the button's POST needs an Origin.
  referrer: 'strict-origin',
  robots: { index: false, follow: false },
};

const OUTCOMES: Record<string, { title: string; lead: string; reset?: boolean }> = {
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

export default async function UndoEmailChangePage({ searchParams }: { searchParams: SearchParams }) {
  const result = param(await searchParams, 'result');
  // Opening the link changes nothing (mail scanners open links): it asks for a click.
  if (result === undefined && (await linkWasOpened('/undo-email-change'))) {
    return (
      <LinkPrompt
        title="Undo the email change"
        lead="If you did not ask to change your account's email address, press the button."
        action={undoEmailChangeAction}
        pendingLabel="Undoing…"
      >
        Undo the change
      </LinkPrompt>
    );
  }
  const outcome = OUTCOMES[result ?? ''] ?? OUTCOMES.invalid!;
  return (
    <AuthCard title={outcome.title} lead={outcome.lead}>
      <ButtonLink href={outcome.reset ? '/forgot-password' : '/login'}>{outcome.reset ? 'Reset your password' : 'Log in'}</ButtonLink>
    </AuthCard>
  );
}
