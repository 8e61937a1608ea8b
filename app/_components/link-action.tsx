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
