import { cookies } from 'next/headers';
import Link from 'next/link';
import { linkCookieName, type LinkPage } from '@/lib/cookies/emailed-links';
import { AuthCard } from './auth-card';
import { SubmitButton } from './submit-button';

/**
 * Whether an emailed link for `path` was just opened: proxy.ts moved its token into that path's
 * HttpOnly cookie. The page then asks for a click instead of acting (mail scanners open links).
 */
export async function linkWasOpened(path: LinkPage): Promise<boolean> {
  return Boolean((await cookies()).get(linkCookieName(path))?.value);
}

/** The card an opened link shows: one button that posts the link's action. */
export function LinkPrompt({
  title,
  lead,
  action,
  pendingLabel,
  children,
}: {
  title: string;
  lead: string;
  action: () => Promise<void>;
  pendingLabel: string;
  children: string;
}) {
  return (
    <AuthCard title={title} lead={lead}>
      <form action={action}>
        <SubmitButton block pendingLabel={pendingLabel}>
          {children}
        </SubmitButton>
      </form>
    </AuthCard>
  );
}

/** A link styled as the card's main button. */
export function ButtonLink({ href, children }: { href: string; children: string }) {
  return (
    <p>
      <Link className="button button-primary button-block" href={href}>
        {children}
      </Link>
    </p>
  );
}

export interface LinkOutcome {
  title: string;
  lead: string;
}

type Onward = { href: string; label: string };

/**
 * The page an emailed link lands on. Fresh from the link (no `?result=`, the link's cookie set) it
 * asks for a click; after the click, the card for `?result=` (an unknown one reads as `invalid`)
 * with one way on.
 */
export async function LinkActionPage<O extends LinkOutcome>({
  page,
  result,
  prompt,
  outcomes,
  onward,
}: {
  page: LinkPage;
  result: string | undefined;
  prompt: { title: string; lead: string; action: () => Promise<void>; pendingLabel: string; label: string };
  outcomes: Record<string, O> & { invalid: O };
  onward: (outcome: O) => Onward | Promise<Onward>;
}) {
  // Opening the link changes nothing (mail scanners open links): it asks for a click.
  if (result === undefined && (await linkWasOpened(page))) {
    const { label, ...card } = prompt;
    return <LinkPrompt {...card}>{label}</LinkPrompt>;
  }
  const outcome = result !== undefined && Object.hasOwn(outcomes, result) ? outcomes[result]! : outcomes.invalid;
  const next = await onward(outcome);
  return (
    <AuthCard title={outcome.title} lead={outcome.lead}>
      <ButtonLink href={next.href}>{next.label}</ButtonLink>
    </AuthCard>
  );
}
