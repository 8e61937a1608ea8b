import 'server-only';
import { DATABASE_AWAY_MESSAGE, DATABASE_UNAVAILABLE_DIGEST, databaseUnavailableCode } from '@/lib/db/unavailable';
import { markDatabaseAway } from '@/lib/http/request-scope';
import { readFields, type FormState } from './form-state';

/**
 * Thrown in place of the driver's error, so that the error page can tell an outage from a fault:
 * in production the browser learns nothing of a server error but its digest, and Next keeps a
 * digest the error already has.
 */
class DatabaseAwayError extends Error {
  override name = 'DatabaseAwayError';
  readonly digest = DATABASE_UNAVAILABLE_DIGEST;
}

function away(error: unknown, where: string): string | undefined {
  const code = databaseUnavailableCode(error);
  if (code !== undefined) console.error(`[latchkey] ${where}: database not reachable (${code})`);
  return code;
}

/**
 * Wraps a page, or an action that answers with a page: an outage shows the "try again shortly"
 * page (app/error.tsx) instead of the one for faults. Anything else, redirects included, passes.
 */
export function guardPage<A extends unknown[], R>(work: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await work(...args);
    } catch (error) {
      if (away(error, work.name || 'page') !== undefined) {
        markDatabaseAway();
        throw new DatabaseAwayError(DATABASE_AWAY_MESSAGE, { cause: error });
      }
      throw error;
    }
  };
}

/**
 * What a form keeps of a submission refused by an outage: the fields our forms echo after any
 * failure (validateForm's `echo`), none of them a secret. Passwords and codes are typed again.
 */
const KEPT_FIELDS = ['identifier', 'email', 'username', 'realm'] as const;
type KeptField = (typeof KEPT_FIELDS)[number];

function keptValues(formData: unknown): Partial<Record<KeptField, string>> {
  const values: Partial<Record<KeptField, string>> = {};
  for (const [name, value] of Object.entries(readFields(formData, KEPT_FIELDS))) {
    if (value !== '') values[name as KeptField] = value;
  }
  return values;
}

/** Wraps a form's action: an outage answers in the form itself, keeping the page and what was typed. */
export function guardForm<S extends FormState>(
  action: (previous: S, formData: FormData) => Promise<S>,
): (previous: S, formData: FormData) => Promise<S> {
  return async (previous, formData) => {
    try {
      return await action(previous, formData);
    } catch (error) {
      if (away(error, action.name || 'form') !== undefined)
        return { status: 'error', message: DATABASE_AWAY_MESSAGE, values: keptValues(formData) } as S;
      throw error;
    }
  };
}
