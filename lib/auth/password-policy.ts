import { checkBreachedPassword } from './breached-passwords';
import { matchCommonPassword } from './common-passwords';
import { failure, type AuthFailure, type FailureReason } from './result';
import { ratePassword, type PasswordContext } from './password-strength';

export type { PasswordContext };

const WHY = {
  'password-contains-personal-info': 'it is built from your email, username or the name of this service',
  'password-common': 'it is one of the most commonly used passwords',
  'password-common-with-suffix': 'it is a commonly used password with a few digits or symbols added',
} as const satisfies Partial<Record<FailureReason, string>>;

function refused(reason: keyof typeof WHY): AuthFailure {
  return failure(422, `Invalid password: ${WHY[reason]}. Choose something harder to guess.`, 'INVALID_PASSWORD', reason);
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
  if (common === 'listed') return refused('password-common');
  if (common === 'listed-with-suffix') return refused('password-common-with-suffix');
  const { score, personal } = ratePassword(normalized, context);
  if (personal) return refused('password-contains-personal-info');
  return score === 0 ? refused('password-common') : null;
}

/**
 * The whole policy for a password about to be stored: the checks above, then (when
 * BREACHED_PASSWORD_CHECK is on) whether it has appeared in a breach. Async because the latter
 * asks a range API; it fails open.
 */
export async function checkPasswordPolicyAndBreaches(password: string, context: PasswordContext = {}): Promise<AuthFailure | null> {
  return checkPasswordPolicy(password, context) ?? (await checkBreachedPassword(password));
}
