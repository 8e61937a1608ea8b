'use client';

import { useActionState, useRef, type FormEvent, type RefObject } from 'react';
import { idle, type FormState } from '@/app/_lib/form-state';
import { useFocusFirstError } from './use-focus-first-error';
import { useKeptForm } from './use-kept-form';

interface ActionForm<S> {
  state: S;
  pending: boolean;
  /** Spread on the `<form>`: its ref, action, submit handler and `noValidate` (the server's messages are the ones shown). */
  formProps: {
    ref: RefObject<HTMLFormElement | null>;
    action: (data: FormData) => void;
    onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
    noValidate: true;
  };
}

/**
 * What every account form does with its server action: keep what was typed when the action fails
 * (`keepTyped`, see useKeptForm), and move focus to the first field that needs attention.
 */
export function useActionForm<S extends FormState>(
  action: (previous: S, data: FormData) => Promise<S>,
  { keepTyped = true }: { keepTyped?: boolean } = {},
): ActionForm<S> {
  const [state, formAction, pending] = useActionState<S, FormData>(action, idle as Awaited<S>);
  const form = useRef<HTMLFormElement>(null);
  const onSubmit = useKeptForm(form, formAction, state, keepTyped);
  useFocusFirstError(form, state);
  return { state, pending, formProps: { ref: form, action: formAction, onSubmit: keepTyped ? onSubmit : undefined, noValidate: true } };
}
