'use client';

import { useActionState, useEffect, useState } from 'react';
import { useFormStatus } from 'react-dom';
import { FormMessage } from '@/app/_components/form-message';
import { useHydrated } from '@/app/_components/use-hydrated';
import { idle } from '@/app/_lib/form-state';
import { resendVerificationAction, type ResendState } from './actions';

/**
 * The button, counting down while the server would refuse another link anyway. It stays
 * focusable while waiting (aria-disabled), so focus is not lost when it is pressed.
 */
function CooldownButton({ seconds, label, variant, block }: { seconds: number; label: string; variant: string; block: boolean }) {
  const { pending } = useFormStatus();
  const hydrated = useHydrated();
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    if (seconds <= 0) return;
    const deadline = Date.now() + seconds * 1000;
    const timer = setInterval(() => {
      const now = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(now);
      if (now === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  // Without JavaScript nothing counts down: the button stays usable and the server says how long to wait.
  const waiting = hydrated && left > 0;
  return (
    <button
      type="submit"
      className={`button button-${variant}${block ? ' button-block' : ''}`}
      aria-disabled={pending || waiting || undefined}
      onClick={(event) => {
        if (pending || waiting) event.preventDefault();
      }}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      <span>{pending ? 'Sending…' : waiting ? `${label} (in ${left} s)` : label}</span>
    </button>
  );
}

/**
 * One button that mails a fresh confirmation link; the answer is announced in its live region.
 * `wait` is how long the server will still refuse (a link was just sent); `limit` says how many
 * links may be asked for, so the hourly limit is known before it bites.
 */
export function ResendVerificationForm({
  label = 'Resend verification email',
  block = false,
  variant = 'secondary',
  wait = 0,
  limit,
}: {
  label?: string;
  block?: boolean;
  variant?: 'primary' | 'secondary';
  wait?: number;
  limit?: string;
}) {
  const [state, formAction] = useActionState<ResendState, FormData>(resendVerificationAction, idle);
  const seconds = state.status === 'idle' ? wait : (state.retryAfter ?? 0);
  return (
    <form action={formAction} className="form resend-form">
      <FormMessage state={state} />
      <CooldownButton key={state.answeredAt ?? 0} seconds={seconds} label={label} variant={variant} block={block} />
      {limit && <p className="muted">{limit}</p>}
    </form>
  );
}
