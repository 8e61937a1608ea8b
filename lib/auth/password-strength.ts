import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * The guessability half of the password policy, shared by the server (which enforces it) and the
 * browser's strength meter (which only advises): one set of dictionaries and context words, so the
 * meter and the server cannot disagree. Nothing here may be server-only; the browser loads this
 * module lazily, as it carries zxcvbn's dictionaries.
 */

/** Words that make a password guessable for this product whoever the user is. */
const PRODUCT_WORDS = ['latchkey', 'latch key', 'accounts'];

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

export interface PasswordRating {
  /** zxcvbn's 0–4; 0 is refused. */
  score: 0 | 1 | 2 | 3 | 4;
  /** Mostly made of the user's email, username or the product's name: refused too. */
  personal: boolean;
  /** zxcvbn's advice, if any ("Add another word or two…"). */
  suggestion: string | null;
}

export function ratePassword(password: string, context: PasswordContext = {}): PasswordRating {
  const normalized = password.normalize('NFKC');
  const result = estimator().check(normalized, contextWords(context));
  const personal = result.sequence.some(
    (match) => match.pattern === 'dictionary' && match.dictionaryName === 'userInputs' && match.token.length >= normalized.length / 2,
  );
  const suggestion = result.feedback.warning || result.feedback.suggestions[0] || null;
  return { score: result.score, personal, suggestion };
}
