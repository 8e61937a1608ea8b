'use client';

import { startTransition, useEffect, type FormEvent, type RefObject } from 'react';

/**
 * React 19 resets a form once the action passed to its `action` prop has run, so a failed
 * submission wiped what was typed, passwords included (the server never sends a password back).
 * With JavaScript, this submits through `onSubmit` instead, inside a transition so the action's
 * pending state still shows, and the form keeps what was typed until the action succeeds. The
 * `action` prop stays on the form for browsers without JavaScript, which post the form and get a
 * fresh page: there the password has to be typed again.
 */
export function useKeptForm(
  form: RefObject<HTMLFormElement | null>,
  formAction: (data: FormData) => void,
  state: { status: string },
  /** False for a form that lets React reset it as usual (nothing typed there is worth keeping). */
  enabled = true,
): (event: FormEvent<HTMLFormElement>) => void {
  useEffect(() => {
    // A success that stays on the page (a changed password) clears the form as before.
    if (enabled && state.status === 'success') form.current?.reset();
  }, [form, state, enabled]);
  return (event) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(data));
  };
}
