import { failure, type AuthFailure } from './result';
import { ratePassword, type PasswordContext } from './password-strength';

export type { PasswordContext };

/**
 * Blocks passwords that are common (zxcvbn's score 0: within the first thousand guesses of its
 * lists) or built from the user's own details or the product's name, and says why. No
 * composition rules: length and unguessability are what count. Never applied at login.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): AuthFailure | null {
  const { score, personal } = ratePassword(password, context);
  if (score === 0 || personal) {
    const reason = personal
      ? 'it is built from your email, username or the name of this service'
      : 'it is one of the most commonly used passwords';
    return failure(422, `Invalid password: ${reason}. Choose something harder to guess.`, 'INVALID_PASSWORD');
  }
  return null;
}
