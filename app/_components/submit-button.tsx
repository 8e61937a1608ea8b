'use client';

import { useFormStatus } from 'react-dom';
import type { ReactNode } from 'react';

interface SubmitButtonProps {
  children: ReactNode;
  /** What the button says while the form is being sent. */
  pendingLabel: string;
  variant?: 'primary' | 'secondary' | 'danger' | 'quiet';
  /** Stretch to the form's width (the single-column auth forms). */
  block?: boolean;
  /** Sent with the form when this button submits it (forms with more than one button). */
  name?: string;
  value?: string;
  /** The action's own pending flag, for forms submitted through `onSubmit` (useFormStatus does not see those). */
  pending?: boolean;
}

/**
 * A submit button that shows the form is on its way. It stays focusable while pending (a disabled
 * button would drop focus) and ignores a second click instead.
 */
export function SubmitButton({ children, pendingLabel, variant = 'primary', block = false, name, value, pending: actionPending }: SubmitButtonProps) {
  const status = useFormStatus();
  const pending = actionPending ?? status.pending;
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={`button button-${variant}${block ? ' button-block' : ''}`}
      aria-disabled={pending || undefined}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      <span>{pending ? pendingLabel : children}</span>
    </button>
  );
}
