'use client';

import { useEffect, type RefObject } from 'react';

/** After a failed submission, move focus to the first field that needs attention. */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, state: unknown): void {
  useEffect(() => {
    const invalid = form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [form, state]);
}
