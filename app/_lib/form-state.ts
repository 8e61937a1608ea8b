/** What every form's server action hands back to its form. Never holds a password. */
export interface FormState<F extends string = string> {
  status: 'idle' | 'error' | 'success';
  /** Shown in the form's live region. */
  message?: string;
  /** Per-field messages; every invalid field is reported at once. */
  fieldErrors?: Partial<Record<F, string[]>>;
  /** What the visitor typed, so a failed submission keeps it (passwords excepted). */
  values?: Partial<Record<F, string>>;
}

export const idle = { status: 'idle' } as const satisfies FormState;

/**
 * Reads named text fields from a submission; a missing or file field reads as ''. An action is a
 * public endpoint: a hand-made call can pass anything, or nothing, where the form passes its
 * FormData, and that reads as an empty form.
 */
export function readFields<F extends string>(formData: unknown, names: readonly F[]): Record<F, string> {
  const out = {} as Record<F, string>;
  for (const name of names) {
    const value = formData instanceof FormData ? formData.get(name) : null;
    // PostgreSQL text cannot hold U+0000 and no field has a use for it: such a value counts as empty.
    out[name] = typeof value === 'string' && !value.includes('\u0000') ? value : '';
  }
  return out;
}
