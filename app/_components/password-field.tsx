'use client';

import { useState, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { useHydrated } from './use-hydrated';

export interface PasswordFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'name' | 'type' | 'aria-invalid' | 'aria-describedby'
> {
  name: string;
  label: string;
  errors?: string[];
  /** Shown between the label and the input (the rules of a new password). */
  hint?: ReactNode;
  /** Shown under the input (the strength meter), tied to it like the hint. */
  after?: ReactNode;
  /** Ids of `hint` and `after` content to read with the input. */
  describedBy?: string[];
  ref?: Ref<HTMLInputElement>;
}

/**
 * A password input with a "Show password" toggle. The toggle only appears once JavaScript runs:
 * without it the field is a plain password field, and a button that did nothing would mislead.
 */
export function PasswordField({ name, label, errors, hint, after, describedBy = [], ...input }: PasswordFieldProps) {
  const mounted = useHydrated();
  const [shown, setShown] = useState(false);
  const errorId = errors?.length ? `${name}-error` : undefined;
  const described = [...describedBy, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint}
      <div className="password-input">
        <input
          id={name}
          name={name}
          // A shown password is still not something to spell-check or autocorrect.
          type={shown ? 'text' : 'password'}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={described}
          {...input}
        />
        {mounted && (
          <button
            type="button"
            className="password-toggle"
            aria-controls={name}
            aria-pressed={shown}
            aria-label="Show password"
            onClick={() => setShown((s) => !s)}
          >
            {/* The name stays "Show password" and aria-pressed carries the state, so the visible
                word stays part of the name (WCAG 2.5.3) whichever state it is in. */}
            <EyeIcon crossed={shown} />
            <span aria-hidden="true">Show</span>
          </button>
        )}
      </div>
      {after}
      {errorId && (
        <p id={errorId} className="field-error">
          {errors!.join(' ')}
        </p>
      )}
    </div>
  );
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
      {crossed && <path d="M4 4l16 16" />}
    </svg>
  );
}
