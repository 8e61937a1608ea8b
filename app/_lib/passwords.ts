import 'server-only';
import { checkNewPassword } from '@/lib/auth';
import { env } from '@/lib/env';

/**
 * The new-password rules are lib/auth's (the same for REST and the forms); this only words the
 * answer for a person instead of a LoopBack client.
 */
export function newPasswordProblem(password: string): string | null {
  if (password === '') return 'Enter a password.';
  const problem = checkNewPassword(password);
  if (!problem) return null;
  if (problem.code === 'PASSWORD_TOO_LONG') return 'That password is too long: use at most 72 bytes (about 72 letters).';
  if (/at least/.test(problem.message)) return `Use at least ${env.PASSWORD_MIN_LENGTH} characters.`;
  return problem.message;
}

export function passwordHint(): string {
  return `At least ${env.PASSWORD_MIN_LENGTH} characters.`;
}
