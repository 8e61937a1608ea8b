import Link from 'next/link';
import { getTwoFactorStatus } from '@/lib/auth/two-factor';

/** The account page's two-factor card: on or off, and the way to the page that changes it. */
export async function TwoFactorSummary({ userId }: { userId: number }) {
  const status = await getTwoFactorStatus(userId);
  return (
    <section className="card" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">Two-factor authentication</h2>
      {status.enabled ? (
        <p>
          <span className="badge badge-success">On</span> Logging in asks for a code from your authenticator app. {status.recoveryCodesLeft} recovery
          code{status.recoveryCodesLeft === 1 ? '' : 's'} left.
        </p>
      ) : (
        <p>
          <span className="badge badge-warning">Off</span> Logging in needs only your password.
        </p>
      )}
      <p>
        <Link className="button button-secondary" href="/account/two-factor">
          {status.enabled ? 'Manage two-factor authentication' : 'Set up two-factor authentication'}
        </Link>
      </p>
    </section>
  );
}
