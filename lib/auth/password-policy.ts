import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
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

/**
 * Blocks passwords that are common (zxcvbn's score 0: within the first thousand guesses of its
 * lists) or built from the user's own details or the product's name, and says why. No
 * composition rules: length and unguessability are what count. Never applied at login.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): AuthFailure | null {
  const normalized = password.normalize('NFKC');
  const words = contextWords(context);
  const lowered = normalized.toLowerCase();
  const result = estimator().check(normalized, words);
  const personal = result.sequence.some((match) => match.pattern === 'dictionary' && match.dictionaryName === 'userInputs' && match.token.length >= lowered.length / 2);
  if (result.score === 0 || personal) {
    const reason = personal
      ? 'it is built from your email, username or the name of this service'
      : 'it is one of the most commonly used passwords';
    return failure(422, `Invalid password: ${reason}. Choose something harder to guess.`, 'INVALID_PASSWORD');
  }
  return null;
}
