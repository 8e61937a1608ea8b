import Link from 'next/link';
import type { IdentityRow } from '@/lib/db';
import { signInProviders } from '@/lib/oidc/providers';
import { SubmitButton } from '@/app/_components/submit-button';
import { LocalTime } from '@/app/_components/local-time';
import { unlinkIdentityAction } from './actions';
import { formatDate } from './format';

export interface SignInMethodsProps {
  hasPassword: boolean;
  identities: IdentityRow[];
  /** A fixed message chosen by the page from the query (a finished or failed link, an unlink). */
  message: { tone: 'success' | 'error'; text: string } | null;
}

/**
 * The account's ways to sign in: its password (or "none yet") and each linked provider with
 * "Unlink", then "Link …" for each configured provider. Unlink is refused for the last way in;
 * the button is not offered then, and the server refuses it anyway (lib/auth/identities.ts).
 */
export function SignInMethods({ hasPassword, identities, message }: SignInMethodsProps) {
  const providers = signInProviders();
  const nameOf = (id: string) => providers.find((p) => p.id === id)?.name ?? id;
  const linked = new Set(identities.map((i) => i.provider));
  const canUnlink = hasPassword || identities.length > 1;
  return (
    <>
      <div className="form-message-region" role="status" aria-live="polite" aria-atomic="true">
        {message && <p className={`notice notice-${message.tone}`}>{message.text}</p>}
      </div>
      <ul className="identity-list" role="list">
        <li>
          <p>
            <strong>Password</strong>{' '}
            {hasPassword ? (
              <span className="badge badge-success">Set</span>
            ) : (
              <span className="muted">
                None yet. <Link href="/forgot-password">Set a password</Link> with an emailed link.
              </span>
            )}
          </p>
        </li>
        {identities.map((identity) => (
          <li key={identity.id}>
            <p>
              <strong>{nameOf(identity.provider)}</strong>{' '}
              <span className="muted">
                {identity.email ?? identity.username ?? identity.subject}, linked{' '}
                <LocalTime iso={identity.createdAt.toISOString()} utcText={formatDate(identity.createdAt.toISOString())} />
              </span>
            </p>
            {canUnlink ? (
              <form action={unlinkIdentityAction}>
                <input type="hidden" name="identity" value={identity.id} />
                <SubmitButton variant="quiet" pendingLabel="Unlinking…">
                  Unlink <span className="visually-hidden">{nameOf(identity.provider)}</span>
                </SubmitButton>
              </form>
            ) : (
              <span className="muted">Your only way to sign in: set a password to unlink it.</span>
            )}
          </li>
        ))}
      </ul>
      {providers.some((p) => !linked.has(p.id)) && (
        <ul className="stacked-actions provider-links" role="list">
          {providers
            .filter((p) => !linked.has(p.id))
            .map((p) => (
              <li key={p.id}>
                {/* A link, not a form: the sign-in at the provider starts with a GET (see app/_components/provider-links.tsx). */}
                <a className="button button-secondary" href={`/link/${p.id}`}>
                  Link {p.name}
                </a>
              </li>
            ))}
        </ul>
      )}
    </>
  );
}
