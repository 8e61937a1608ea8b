import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { checkBreachedPassword } from './breached-passwords';
import { matchCommonPassword } from './common-passwords';
import { failure, type AuthFailure } from './result';

/** Words that make a password guessable for this product whoever the user is. */
const PRODUCT_WORDS = ['latchkey', 'latch key', 'accounts'];

let factory: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  // Building the dictionaries takes a few hundred milliseconds; do it once, on first use.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

export interface PasswordContext {
  email?: string | null;
  username?: string | null;
}

function contextWords(context: PasswordContext): string[] {
  const words = [...PRODUCT_WORDS];
  if (context.email) {
    const email = context.email.toLowerCase();
    const [local = '', domain = ''] = email.split('@');
    words.push(email, local, domain, ...local.split(/[._+-]/).filter((w) => w.length >= 3));
  }
  if (context.username) words.push(context.username.toLowerCase());
  return words.filter((w) => w.length > 0);
}

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
  const words = contextWords(context);
  const lowered = normalized.toLowerCase();
  const result = estimator().check(normalized, words);
  const personal = result.sequence.some((match) => match.pattern === 'dictionary' && match.dictionaryName === 'userInputs' && match.token.length >= lowered.length / 2);
  if (personal) return refused(REASONS.personal);
  return result.score === 0 ? refused(REASONS.common) : null;
}

/**
 * The whole policy for a password about to be stored: the checks above, then (when
 * BREACHED_PASSWORD_CHECK is on) whether it has appeared in a breach. Async because the latter
 * asks a range API; it fails open.
 */
export async function checkPasswordPolicyAndBreaches(password: string, context: PasswordContext = {}): Promise<AuthFailure | null> {
  return checkPasswordPolicy(password, context) ?? (await checkBreachedPassword(password));
}
