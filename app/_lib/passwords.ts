import 'server-only';
import { checkNewPassword, checkPasswordPolicy, type AuthFailure, type PasswordContext } from '@/lib/auth';
import { env } from '@/lib/env';
import { MAX_PASSWORD_BYTES } from '@/lib/auth/passwords';
import type { PasswordRules } from '@/app/_components/new-password-field';

/** lib/auth's reasons, worded for a person rather than a LoopBack client. */
export function passwordFailureMessage(failure: AuthFailure): string {
  if (failure.code === 'PASSWORD_TOO_LONG') return 'That password is too long: use at most 72 bytes (about 72 letters).';
  if (/at least \d+ characters/.test(failure.message)) return `Use at least ${env.PASSWORD_MIN_LENGTH} characters.`;
  // "Invalid password: it is one of the most commonly used passwords. …" → "It is one of …"
  const reason = failure.message.replace(/^Invalid password[.:]?\s*/, '');
  return reason === '' ? 'Choose a different password.' : reason.charAt(0).toUpperCase() + reason.slice(1);
}

/**
 * The new-password rules are lib/auth's (the same for REST and the forms): length first, then,
 * when the account's details are known, the common-and-personal-words policy. lib/auth applies
 * them again when the password is stored; this lets a form report them next to the other fields.
 */
export function newPasswordProblem(password: string, account?: PasswordContext): string | null {
  if (password === '') return 'Enter a password.';
  const problem = checkNewPassword(password) ?? (account ? checkPasswordPolicy(password, account) : null);
  return problem ? passwordFailureMessage(problem) : null;
}

/** The rules a new-password field shows before anything is sent; the same numbers lib/auth applies. */
export function passwordHint(): PasswordRules {
  return { minLength: env.PASSWORD_MIN_LENGTH, maxBytes: MAX_PASSWORD_BYTES };
}
