import { signInProviders } from '@/lib/oidc/providers';

/**
 * "Continue with …" for each configured provider, or nothing when none is. Plain links (GET), not
 * forms: the Content-Security-Policy's `form-action 'self'` would stop a form post from being
 * redirected to the provider's site, and a link works without JavaScript. Not `next/link`, which
 * would prefetch the route that starts the sign-in.
 */
export function ProviderLinks({ next, verb = 'Continue' }: { next: string | null; verb?: string }) {
  const providers = signInProviders();
  if (providers.length === 0) return null;
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  return (
    <div className="provider-links">
      <p className="provider-divider">
        <span>or</span>
      </p>
      <ul className="stacked-actions" role="list">
        {providers.map((p) => (
          <li key={p.id}>
            <a className="button button-secondary button-block" href={`/auth/${p.id}${query}`}>
              {verb} with {p.name}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
