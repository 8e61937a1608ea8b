'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { idle } from '@/app/_lib/form-state';
import { manageSessions, type SessionsState } from './actions';

export interface SessionView {
  handle: string;
  device: string;
  created: string;
  createdText: string;
  lastUsed: string | null;
  lastUsedText: string | null;
  current: boolean;
}

export function SessionList({ sessions }: { sessions: SessionView[] }) {
  const [state, formAction] = useActionState<SessionsState, FormData>(manageSessions, idle);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <FormMessage state={state} />
      <ul className="sessions" aria-label="Sessions">
        {sessions.map((s) => (
          <li key={s.handle} className="session">
            <div className="session-info">
              <p className="session-device">
                {s.device}
                {s.current && <span className="badge">This device</span>}
              </p>
              <p className="session-meta">
                Signed in <time dateTime={s.created}>{s.createdText}</time>
                {s.lastUsed && s.lastUsedText && (
                  <>
                    {' · '}last used <time dateTime={s.lastUsed}>{s.lastUsedText}</time>
                  </>
                )}
              </p>
            </div>
            {!s.current && (
              <form action={formAction}>
                <input type="hidden" name="session" value={s.handle} />
                <SubmitButton variant="quiet" name="intent" value="revoke" pendingLabel="Logging out…">
                  Log out<span className="visually-hidden"> {s.device}, signed in {s.createdText}</span>
                </SubmitButton>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <form action={formAction} className="sessions-footer">
          <SubmitButton variant="danger" name="intent" value="revoke-others" pendingLabel="Logging out…">
            Log out everywhere else
          </SubmitButton>
        </form>
      ) : (
        <p className="muted sessions-footer">You aren&apos;t signed in anywhere else.</p>
      )}
    </>
  );
}
