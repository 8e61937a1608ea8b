import 'server-only';
import { checkNewPassword, checkPasswordPolicy, type AuthFailure, type FailureReason, type PasswordContext } from '@/lib/auth';
import { env } from '@/lib/env';
import { MAX_PASSWORD_BYTES } from '@/lib/auth/passwords';
import type { PasswordRules } from '@/app/_components/new-password-field';

const HARDER = 'Choose something harder to guess.';

/** lib/auth's reasons for refusing a new password, worded for a person rather than a LoopBack client. */
const PASSWORD_WORDS: Partial<Record<FailureReason, string>> = {
  'password-too-short': `Use at least ${env.PASSWORD_MIN_LENGTH} characters.`,
  'password-too-long': `That password is too long: use at most ${MAX_PASSWORD_BYTES} bytes (about ${MAX_PASSWORD_BYTES} letters).`,
  'password-common': `It is one of the most commonly used passwords. ${HARDER}`,
  'password-common-with-suffix': `It is a commonly used password with a few digits or symbols added. ${HARDER}`,
  'password-contains-personal-info': `It is built from your email, username or the name of this service. ${HARDER}`,
  'password-breached': `It has appeared in a data breach, so attackers try it first. ${HARDER}`,
};

export function passwordFailureMessage(failure: AuthFailure): string {
  const words = failure.reason && PASSWORD_WORDS[failure.reason];
  return words || 'Choose a different password.';
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
