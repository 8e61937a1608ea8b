'use client';

import { useActionState, useEffect, useRef, useState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { LocalTime } from '@/app/_components/local-time';
import { SubmitButton } from '@/app/_components/submit-button';
import { idle } from '@/app/_lib/form-state';
import { manageSessionsAction, type SessionsState } from './actions';

export interface SessionView {
  handle: string;
  device: string;
  address: string | null;
  created: string;
  createdText: string;
  lastUsed: string | null;
  lastUsedText: string | null;
  current: boolean;
}

export function SessionList({ sessions }: { sessions: SessionView[] }) {
  const [state, formAction] = useActionState<SessionsState, FormData>(manageSessionsAction, idle);
  const others = sessions.filter((s) => !s.current).length;
  // "Every other session has been logged out" stops being true once the list changes for another
  // reason (a new sign-in, a password change): the notice lasts as long as the list it describes.
  const listed = sessions.map((s) => s.handle).join(' ');
  const [answered, setAnswered] = useState({ state, listed });
  if (answered.state !== state) setAnswered({ state, listed });
  const notice = answered.state === state && answered.listed !== listed ? idle : state;
  // The button just pressed leaves the page with its session; focus goes to the news instead of
  // falling back to the top of the document.
  const message = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== 'idle') message.current?.focus();
  }, [state]);
  return (
    <>
      <div ref={message} tabIndex={-1} className="focus-target">
        <FormMessage state={notice} />
      </div>
      <ul className="sessions" aria-label="Sessions">
        {sessions.map((s) => (
          <li key={s.handle} className="session">
            <div className="session-info">
              <p className="session-device">
                {s.device}
                {s.current && <span className="badge">This device</span>}
              </p>
              <p className="session-meta">
                Signed in <LocalTime iso={s.created} utcText={s.createdText} />
                {s.lastUsed && s.lastUsedText && (
                  <>
                    {' · '}last used <time dateTime={s.lastUsed}>{s.lastUsedText}</time>
                  </>
                )}
                {' · '}
                {s.address ? (
                  <>
                    from <span className="session-address">{s.address}</span>
                  </>
                ) : (
                  'address not recorded'
                )}
              </p>
            </div>
            {!s.current && (
              <form action={formAction}>
                <input type="hidden" name="session" value={s.handle} />
                <SubmitButton variant="quiet" name="intent" value="revoke" pendingLabel="Logging out…">
                  Log out
                  <span className="visually-hidden">
                    {' '}
                    {s.device}, signed in {s.createdText}
                    {s.address && ` from ${s.address}`}
                  </span>
                </SubmitButton>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        // Asks once before ending every other session. A disclosure works without JavaScript.
        <details className="sessions-footer confirm">
          <summary className="button button-danger">Log out everywhere else…</summary>
          <div className="confirm-body">
            <p>This logs out {others === 1 ? 'the other session' : `all ${others} other sessions`}. This device stays signed in.</p>
            <form action={formAction}>
              <SubmitButton variant="danger" name="intent" value="revoke-others" pendingLabel="Logging out…">
                Yes, log out {others === 1 ? '1 other session' : `${others} other sessions`}
              </SubmitButton>
            </form>
          </div>
        </details>
      ) : (
        <p className="muted sessions-footer">You aren&apos;t signed in anywhere else.</p>
      )}
    </>
  );
}
