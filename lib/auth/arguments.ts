import { failure, type AuthFailure } from './result';

/** LoopBack's 400 for a missing remote-method argument, checked in the order given. */
export function requireArguments(args: Record<string, unknown>): AuthFailure | null {
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || value === null || value === '') return failure(400, `${name} is a required argument`);
  }
  return null;
}
