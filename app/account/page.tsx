import type { Metadata } from 'next';
import Link from 'next/link';
import { getEmailChangeState, hasPassword, listIdentities, listUserEvents, listUserSessions, type SessionDetail } from '@/lib/auth';
import { findSignInProvider, signInProviders } from '@/lib/oidc/providers';
import { providerFailureMessage } from '@/app/_lib/provider-messages';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { SignInMethods, type SignInMethodsProps } from './sign-in-methods';
import { env } from '@/lib/env';
import { LocalTime } from '@/app/_components/local-time';
import { BreakableAddress } from '@/app/_components/breakable-address';
import { SubmitButton } from '@/app/_components/submit-button';
import { requireSession } from '@/app/_lib/require-session';
import { passwordHint } from '@/app/_lib/passwords';
import { ResendVerificationForm } from '@/app/verify/resend-form';
import { resendLimitNote, resendWait } from '@/app/verify/resend-limits';
import { cancelEmailChangeAction, signOutAction } from './actions';
import { ChangeEmailForm } from './change-email-form';
import { ChangePasswordForm } from './change-password-form';
import { DeleteAccountForm } from './delete-account-form';
import { describeDevice } from '@/lib/auth/device';
import { formatAgo, formatDate } from './format';
import { RecentActivity, toActivityViews } from './recent-activity';
import { SessionList, type SessionView } from './session-list';
import { TwoFactorSummary } from './two-factor-summary';
import { guardPage } from '@/app/_lib/database-away';

export const metadata: Metadata = { title: 'Your account' };

const RECENT_EVENTS = 20;

/** This device first, then the newest; times worded as of now. */
function toSessionViews(sessions: SessionDetail[], now = Date.now()): SessionView[] {
  return [...sessions]
    .sort((a, b) => Number(b.current) - Number(a.current) || b.created.localeCompare(a.created))
    .map((s) => ({
      handle: s.handle,
      device: describeDevice(s.userAgent),
      address: s.sourceAddress,
      created: s.created,
      createdText: formatDate(s.created),
      lastUsed: s.lastUsed,
      lastUsedText: s.lastUsed ? formatAgo(s.lastUsed, now) : null,
      current: s.current,
    }));
}

/** The page's sections, in order, for its "On this page" links (each heading's id is `<id>-title`);
 * the sign-in methods show only when a provider is configured or one is linked. */
const SECTIONS = [
  ['profile', 'Profile'],
  ['email', 'Change email'],
  ['sign-in-methods', 'Sign-in methods'],
  ['sessions', 'Sessions'],
  ['activity', 'Recent activity'],
  ['password', 'Change password'],
  ['two-factor', 'Two-factor authentication'],
  ['delete', 'Delete account'],
] as const;

/** The sign-in methods notice, from fixed keys in the query (a link or unlink just finished). */
function signInMethodsMessage(params: Record<string, string | string[] | undefined>): SignInMethodsProps['message'] {
  const linked = findSignInProvider(param(params, 'linked'));
  if (linked) return { tone: 'success', text: `${linked.name} is linked: you can sign in with it from now on.` };
  const unlinked = findSignInProvider(param(params, 'unlinked'));
  if (unlinked) return { tone: 'success', text: `${unlinked.name} is unlinked.` };
  const error = param(params, 'error');
  if (error === 'last-method') return { tone: 'error', text: 'That is your only way to sign in. Set a password first, then unlink it.' };
  if (error === 'not-linked') return { tone: 'error', text: 'That sign-in method was already unlinked.' };
  const failure = providerFailureMessage(error, param(params, 'provider'));
  return failure ? { tone: 'error', text: failure } : null;
}

export default guardPage(async function AccountPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { user, token } = await requireSession();
  const [tokens, events, emailChange, identities] = await Promise.all([
    listUserSessions(user.id, token.id),
    listUserEvents(user.id, RECENT_EVENTS),
    getEmailChangeState(user.id),
    listIdentities(user.id),
  ]);
  const passwordSet = hasPassword(user);
  const showSignInMethods = identities.length > 0 || signInProviders().length > 0;
  const noPasswordNote = (
    <p className="notice notice-info">
      Your account has no password yet. <Link href="/forgot-password">Set one with an emailed link</Link> first.
    </p>
  );
  const sessions = toSessionViews(tokens);

  return (
    <main id="main" className="page account-page">
      <header className="page-header">
        <div>
          <h1>Your account</h1>
          <p className="lead">
            Signed in as <BreakableAddress address={user.username ?? user.email} />
          </p>
        </div>
        <form action={signOutAction}>
          <SubmitButton variant="secondary" pendingLabel="Signing out…">
            Sign out
          </SubmitButton>
        </form>
      </header>

      <nav className="page-nav" aria-label="On this page">
        <ul>
          {SECTIONS.filter(([id]) => id !== 'sign-in-methods' || showSignInMethods).map(([id, name]) => (
            <li key={id}>
              <a href={`#${id}-title`}>{name}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <dl className="facts">
          <div>
            <dt>Email</dt>
            <dd>
              <BreakableAddress address={user.email} />{' '}
              {user.emailVerified ? <span className="badge badge-success">Verified</span> : <span className="badge badge-warning">Not verified</span>}
            </dd>
          </div>
          <div>
            <dt>Username</dt>
            <dd>{user.username ?? <span className="muted">None</span>}</dd>
          </div>
          <div>
            <dt>Member since</dt>
            <dd>
              <LocalTime iso={user.createdAt.toISOString()} utcText={formatDate(user.createdAt.toISOString())} />
            </dd>
          </div>
        </dl>
        {!user.emailVerified && (
          <div id="verification" className="verification">
            <p>
              Your email address isn&apos;t confirmed yet. {/* Only where confirmation is required does sign-up mail a link by itself. */}
              {env.EMAIL_VERIFICATION_REQUIRED
                ? 'Follow the link in the email we sent you, or ask for a new one.'
                : 'We’ll email you a link that confirms it.'}
            </p>
            <ResendVerificationForm
              wait={await resendWait(user.id)}
              limit={resendLimitNote()}
              label={
                env.EMAIL_VERIFICATION_REQUIRED || events.some((e) => e.type === 'verification_sent')
                  ? 'Resend verification email'
                  : 'Send a verification email'
              }
            />
          </div>
        )}
      </section>

      {emailChange.revertedAt && (
        <section className="card" aria-labelledby="reverted-title">
          <h2 id="reverted-title">Reset your password</h2>
          <p className="notice notice-error">
            A change of your email address was undone from your old address on{' '}
            <LocalTime iso={emailChange.revertedAt.toISOString()} utcText={formatDate(emailChange.revertedAt.toISOString())} />. Whoever made it may
            know your password: change it below.
          </p>
        </section>
      )}

      <section className="card" id="email" aria-labelledby="email-title">
        <h2 id="email-title">Change email</h2>
        {emailChange.pending ? (
          <div className="pending-email">
            <p>
              Waiting for confirmation:{' '}
              <strong>
                <BreakableAddress address={emailChange.pending.newEmail} />
              </strong>
              . We sent a link to that address; your email changes when it is used, and until then you keep using {user.email}.
            </p>
            <form action={cancelEmailChangeAction}>
              <SubmitButton variant="secondary" pendingLabel="Cancelling…">
                Cancel the email change
              </SubmitButton>
            </form>
          </div>
        ) : (
          <p className="muted">We&apos;ll send a link to the new address; your email changes once you use it, and your old address is told.</p>
        )}
        {passwordSet ? <ChangeEmailForm /> : noPasswordNote}
      </section>

      {showSignInMethods && (
        <section className="card" id="sign-in-methods" aria-labelledby="sign-in-methods-title">
          <h2 id="sign-in-methods-title">Sign-in methods</h2>
          <SignInMethods hasPassword={passwordSet} identities={identities} message={signInMethodsMessage(params)} />
        </section>
      )}

      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Where you&apos;re signed in</h2>
        <p className="muted">Log out any session you don&apos;t recognise, then change your password.</p>
        <SessionList sessions={sessions} />
      </section>

      <section className="card" aria-labelledby="activity-title">
        <h2 id="activity-title">Recent activity</h2>
        <p className="muted">
          Sign-ins and changes to your account, newest first. Something you don&apos;t recognise? Change your password and log out everywhere else.
        </p>
        <RecentActivity events={toActivityViews(events)} />
      </section>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        {passwordSet ? (
          <>
            <p className="muted">Changing it logs out every other session.</p>
            <ChangePasswordForm
              passwordHint={passwordHint()}
              username={user.username ?? user.email}
              account={{ email: user.email, username: user.username }}
            />
          </>
        ) : (
          noPasswordNote
        )}
      </section>

      <TwoFactorSummary userId={user.id} />

      <section className="card card-danger" aria-labelledby="delete-title">
        <h2 id="delete-title">Delete account</h2>
        <p className="muted">
          This deletes your account and logs out every session, on every device. Your details are removed; the record of past sign-ins keeps only when
          they happened, with nothing that names you. We send a last email to your address to say it is done.
        </p>
        {passwordSet ? <DeleteAccountForm username={user.username ?? user.email} /> : noPasswordNote}
      </section>
    </main>
  );
});
