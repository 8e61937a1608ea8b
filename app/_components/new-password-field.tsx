'use client';

import { useEffect, useState } from 'react';
import type { PasswordContext, PasswordRating } from '@/lib/auth/password-strength';
import { PasswordField } from './password-field';
import { useHydrated } from './use-hydrated';

export interface PasswordRules {
  minLength: number;
  maxBytes: number;
}

type Rate = (password: string, context?: PasswordContext) => PasswordRating;

let loading: Promise<Rate> | undefined;

/** zxcvbn and its dictionaries are a few hundred kB: fetched when a new password is first typed, not with the page. */
function loadRater(): Promise<Rate> {
  loading ??= import('@/lib/auth/password-strength').then((m) => m.ratePassword);
  return loading;
}

const LABELS = ['Too easy to guess', 'Weak', 'Fair', 'Good', 'Strong'] as const;

interface NewPasswordFieldProps {
  name: string;
  label: string;
  rules: PasswordRules;
  errors?: string[];
  /** The account's own details, when the page knows them (reset, change). */
  context?: PasswordContext;
  /** Or the form's own fields holding them, read as they are typed (sign-up). */
  contextFields?: { email?: string; username?: string };
}

function readContext(input: HTMLInputElement | null, fields: NewPasswordFieldProps['contextFields']): PasswordContext {
  const form = input?.form;
  const value = (field?: string) => {
    const element = field ? form?.elements.namedItem(field) : null;
    return element instanceof HTMLInputElement ? element.value.trim() : '';
  };
  return { email: value(fields?.email), username: value(fields?.username) };
}

/**
 * A new password: the rules before anything is sent, and as it is typed, which are met and how
 * guessable it is, judged by the same zxcvbn dictionaries and words as the server. The server also
 * refuses a longer list of common passwords that is not sent to the browser, so the meter advises
 * and the server decides.
 */
export function NewPasswordField({ name, label, rules, errors, context, contextFields }: NewPasswordFieldProps) {
  const hydrated = useHydrated();
  const [password, setPassword] = useState('');
  const [rating, setRating] = useState<PasswordRating | null>(null);
  const [input, setInput] = useState<HTMLInputElement | null>(null);
  const [fieldContext, setFieldContext] = useState<PasswordContext>({});

  // Sign-up's email and username may change after the password was typed.
  useEffect(() => {
    const form = input?.form;
    if (!form || !contextFields) return;
    const update = () => setFieldContext(readContext(input, contextFields));
    update();
    form.addEventListener('input', update);
    return () => form.removeEventListener('input', update);
  }, [input, contextFields]);

  // React empties the form after each submission; the rules must not go on judging the old value.
  useEffect(() => {
    const form = input?.form;
    if (!form) return;
    const clear = () => setPassword('');
    form.addEventListener('reset', clear);
    return () => form.removeEventListener('reset', clear);
  }, [input]);

  const effectiveContext = context ?? fieldContext;
  useEffect(() => {
    if (password === '') return;
    let current = true;
    // A long password can take zxcvbn a noticeable moment: judge it once typing pauses.
    const timer = setTimeout(() => {
      void loadRater().then((rate) => {
        if (current) setRating(rate(password, effectiveContext));
      });
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, effectiveContext]);

  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  const bytes = new TextEncoder().encode(normalized).length;
  const typed = hydrated && password !== '';
  const longEnough = length >= rules.minLength;
  const shortEnough = bytes <= rules.maxBytes;
  const shown = typed && rating ? rating : null;
  const guessable = shown ? shown.score === 0 || shown.personal : null;
  const score = shown ? (guessable ? 0 : shown.score) : null;
  const state = (met: boolean | null) => (!typed || met === null ? undefined : met ? 'met' : 'unmet');
  const rulesId = `${name}-rules`;
  const strengthId = `${name}-strength`;

  return (
    <PasswordField
      name={name}
      label={label}
      ref={setInput}
      autoComplete="new-password"
      required
      errors={errors}
      onChange={(event) => setPassword(event.currentTarget.value)}
      onFocus={() => void loadRater()}
      describedBy={[rulesId, ...(hydrated ? [strengthId] : [])]}
      hint={
        <ul id={rulesId} className="password-rules">
          <li data-state={state(longEnough)}>At least {rules.minLength} characters</li>
          <li data-state={state(shortEnough)}>
            At most {rules.maxBytes} bytes (about {rules.maxBytes} letters)
          </li>
          <li data-state={state(guessable === null ? null : !guessable)}>
            Hard to guess: not a common password, not built from your email, username or the name Latchkey
          </li>
        </ul>
      }
      after={
        hydrated && (
          <div className="strength">
            <div className="strength-bar" data-score={score ?? undefined} aria-hidden="true">
              <span />
              <span />
              <span />
              <span />
            </div>
            <p id={strengthId} className="strength-text" aria-live="polite">
              {score === null
                ? 'Strength: type a password to see how guessable it is. This is a guide: the server also checks a list of common passwords.'
                : `Strength: ${LABELS[score]}.${shown?.suggestion ? ` ${shown.suggestion}` : ''}`}
            </p>
          </div>
        )
      }
    />
  );
}
