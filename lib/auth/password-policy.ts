import { checkBreachedPassword } from './breached-passwords';
import { matchCommonPassword } from './common-passwords';
import { failure, type AuthFailure } from './result';
import { ratePassword, type PasswordContext } from './password-strength';

export type { PasswordContext };

const REASONS = {
  personal: 'it is built from your email, username or the name of this service',
  common: 'it is one of the most commonly used passwords',
  suffixed: 'it is a commonly used password with a few digits or symbols added',
} as const;

function refused(reason: string): AuthFailure {
  return failure(422, `Invalid password: ${reason}. Choose something harder to guess.`, 'INVALID_PASSWORD');
}

/**
 * Blocks passwords that are common (on the shipped list of the 100,000 most common, or a listed
 * word with a short tail of digits or symbols, or zxcvbn's score 0) or built from the user's own
 * details or the product's name, and says why. No composition rules: length and unguessability
 * are what count. Never applied at login.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): AuthFailure | null {
  const normalized = password.normalize('NFKC');
  // The list first: it is a Set lookup, where zxcvbn takes milliseconds.
  const common = matchCommonPassword(normalized);
  if (common === 'listed') return refused(REASONS.common);
  if (common === 'listed-with-suffix') return refused(REASONS.suffixed);
  const { score, personal } = ratePassword(normalized, context);
  if (personal) return refused(REASONS.personal);
  return score === 0 ? refused(REASONS.common) : null;
}

/**
 * The whole policy for a password about to be stored: the checks above, then (when
 * BREACHED_PASSWORD_CHECK is on) whether it has appeared in a breach. Async because the latter
 * asks a range API; it fails open.
 */
export async function checkPasswordPolicyAndBreaches(password: string, context: PasswordContext = {}): Promise<AuthFailure | null> {
  return checkPasswordPolicy(password, context) ?? (await checkBreachedPassword(password));
}
