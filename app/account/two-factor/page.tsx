import type { Metadata } from 'next';
import Link from 'next/link';
import { getPendingEnrolment, getTwoFactorStatus } from '@/lib/auth/two-factor';
import { recoveryCodesToShow } from '@/lib/cookies/recovery-codes';
import { LocalTime } from '@/app/_components/local-time';
import { SubmitButton } from '@/app/_components/submit-button';
import { requireSession } from '@/app/_lib/require-session';
import { param, type SearchParams } from '@/app/_lib/search-params';
import { formatDate } from '../format';
import {
  cancelTwoFactorAction,
  confirmTwoFactorAction,
  disableTwoFactorAction,
  recoveryCodesSavedAction,
  regenerateRecoveryCodesAction,
  startTwoFactorAction,
} from './actions';
import { QrCode } from './qr-code';
import { TwoFactorForm } from './two-factor-form';
import { guardPage } from '@/app/_lib/database-away';

export const metadata: Metadata = { title: 'Two-factor authentication', robots: { index: false, follow: false } };

/** Fixed notices chosen by key, so the query string can never put words on the page. */
const NOTICES: Record<string, string> = {
  enabled: 'Two-factor authentication is on. Save your recovery codes now: this is the only time they are shown.',
  'new-codes': 'Here are your new recovery codes. The old ones no longer work.',
  saved: 'Recovery codes put away.',
  'turned-off': 'Two-factor authentication is off. Logging in needs only your password now.',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The secret in groups of four, as apps show it; spaces are ignored when typed. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export default guardPage(async function TwoFactorPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requireSession();
  const status = param(await searchParams, 'status') ?? '';
  const [state, codes] = await Promise.all([getTwoFactorStatus(user.id), recoveryCodesToShow(user.id)]);
  const enrolment = state.pending ? await getPendingEnrolment(user) : null;
  const username = user.username ?? user.email;
  const notice =
    status === 'recovery-code-used' && state.enabled
      ? `You logged in with a recovery code; it no longer works. You have ${plural(state.recoveryCodesLeft, 'recovery code')} left${
          state.recoveryCodesLeft <= 3 ? ': make new ones below' : ''
        }.`
      : NOTICES[status];

  return (
    <main id="main" className="page account-page">
      <header className="page-header">
        <div>
          <h1>Two-factor authentication</h1>
          <p className="lead">
            A code from an authenticator app on your phone, asked for after your password. <Link href="/account">Back to your account</Link>
          </p>
        </div>
      </header>

      {notice && (
        <div role="status" aria-live="polite">
          <p className={`notice ${status === 'recovery-code-used' && state.recoveryCodesLeft <= 3 ? 'notice-error' : 'notice-success'}`}>{notice}</p>
        </div>
      )}

      {codes && state.enabled && (
        <section className="card" aria-labelledby="codes-title">
          <h2 id="codes-title">Your recovery codes</h2>
          <p>Each code logs you in once if you lose your phone. Keep them somewhere safe, apart from your password. They are not shown again.</p>
          <ul className="recovery-codes" aria-label="Recovery codes">
            {codes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <p>
            <a
              className="button button-secondary"
              download="latchkey-recovery-codes.txt"
              href={`data:text/plain;charset=utf-8,${encodeURIComponent(`Latchkey recovery codes for ${username}\n\n${codes.join('\n')}\n`)}`}
            >
              Download the codes
            </a>
          </p>
          <form action={recoveryCodesSavedAction}>
            <SubmitButton pendingLabel="Saving…">I have saved them</SubmitButton>
          </form>
        </section>
      )}

      {state.enabled ? (
        <>
          <section className="card" aria-labelledby="status-title">
            <h2 id="status-title">Two-factor authentication is on</h2>
            <dl className="facts">
              <div>
                <dt>Since</dt>
                <dd>{state.enabledAt && <LocalTime iso={state.enabledAt.toISOString()} utcText={formatDate(state.enabledAt.toISOString())} />}</dd>
              </div>
              <div>
                <dt>Recovery codes left</dt>
                <dd>{state.recoveryCodesLeft}</dd>
              </div>
            </dl>
          </section>
          <section className="card" aria-labelledby="new-codes-title">
            <h2 id="new-codes-title">New recovery codes</h2>
            <p className="muted">Makes ten new codes; the ones you have stop working.</p>
            <TwoFactorForm
              action={regenerateRecoveryCodesAction}
              username={username}
              password="codesPassword"
              submit="Make new recovery codes"
              pendingLabel="Making codes…"
              variant="secondary"
            />
          </section>
          <section className="card card-danger" aria-labelledby="off-title">
            <h2 id="off-title">Turn off two-factor authentication</h2>
            <p className="muted">Logging in will need only your password. Your recovery codes stop working.</p>
            <TwoFactorForm
              action={disableTwoFactorAction}
              username={username}
              password="offPassword"
              code={{ name: 'offCode', label: 'Authentication code', hint: 'A code from your app, or a recovery code.', recovery: true }}
              submit="Turn off two-factor authentication"
              pendingLabel="Turning off…"
              variant="danger"
            />
          </section>
        </>
      ) : enrolment ? (
        <section className="card" aria-labelledby="setup-title">
          <h2 id="setup-title">Scan this code with your authenticator app</h2>
          <p>Any app that makes time-based codes works: Google Authenticator, 1Password, Authy, Microsoft Authenticator, and others.</p>
          <QrCode uri={enrolment.uri} label="QR code for your authenticator app" />
          <p>Can&apos;t scan it? Add an account by hand with this key (time-based, 6 digits):</p>
          <dl className="facts">
            <div>
              <dt>Account</dt>
              <dd>Latchkey: {user.email}</dd>
            </div>
            <div>
              <dt>Key</dt>
              <dd>
                <code className="manual-key">{grouped(enrolment.secret)}</code>
              </dd>
            </div>
          </dl>
          <h3>Then enter the code the app shows</h3>
          <TwoFactorForm
            action={confirmTwoFactorAction}
            username={username}
            code={{ name: 'confirmCode', label: 'Code from the app', hint: 'Six digits; it changes every 30 seconds.' }}
            submit="Turn on two-factor authentication"
            pendingLabel="Checking…"
          />
          <form action={cancelTwoFactorAction} className="form-aside">
            <SubmitButton variant="quiet" pendingLabel="Cancelling…">
              Cancel setup
            </SubmitButton>
          </form>
        </section>
      ) : (
        <section className="card" aria-labelledby="setup-title">
          <h2 id="setup-title">Two-factor authentication is off</h2>
          <p>
            With it on, logging in asks for a code from an app on your phone after your password, so a stolen password alone is not enough. You also
            get ten recovery codes for when the phone is lost.
          </p>
          <TwoFactorForm
            action={startTwoFactorAction}
            username={username}
            password="setupPassword"
            submit="Set up two-factor authentication"
            pendingLabel="Starting…"
          />
        </section>
      )}
    </main>
  );
});
