import 'server-only';
import { z } from 'zod';
import { CHECK_FIELDS } from './auth-messages';
import { readFields, type FormState } from './form-state';

export interface FormSpec<F extends string, S extends z.ZodType> {
  /** The fields to read; a missing one reads as ''. */
  fields: readonly F[];
  /** The schema, or one made from what was typed (for rules that weigh one field against another). */
  schema: S | ((fields: Record<F, string>) => S);
  /** Fields whose typed value a failed submission hands back (never a password). */
  echo?: readonly F[];
  /** Adjusts what was read before it is checked (a field the page does not show reads as ''). */
  prepare?: (fields: Record<F, string>) => void;
  /** The form's live-region message when a field is wrong. */
  message?: string;
}

export type ValidatedForm<F extends string, T> =
  { ok: true; data: T; fields: Record<F, string>; values: Partial<Record<F, string>> } | { ok: false; state: FormState<F> };

/**
 * The first step of every form's server action: reads its fields, checks them all at once, and
 * on failure gives the state to answer with: each field's errors and the values to keep.
 */
export function validateForm<F extends string, S extends z.ZodType>(formData: unknown, spec: FormSpec<F, S>): ValidatedForm<F, z.output<S>> {
  const fields = readFields(formData, spec.fields);
  spec.prepare?.(fields);
  const values: Partial<Record<F, string>> = {};
  for (const name of spec.echo ?? []) values[name] = fields[name];
  const schema = typeof spec.schema === 'function' ? spec.schema(fields) : spec.schema;
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, data: parsed.data, fields, values };
  // Every field's messages, keyed by the names read (the schema's keys are among them).
  const fieldErrors: Partial<Record<F, string[]>> = z.flattenError(parsed.error as z.ZodError<Record<F, string>>).fieldErrors;
  const state: FormState<F> = { status: 'error', message: spec.message ?? CHECK_FIELDS, fieldErrors };
  return { ok: false, state: spec.echo ? { ...state, values } : state };
}
