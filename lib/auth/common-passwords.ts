import { COMMON_PASSWORDS } from './common-passwords-list';

let list: Set<string> | undefined;

/** The shipped list as a Set, built on first use (about 8 MB of heap and 40 ms, once per process). */
function commonPasswords(): Set<string> {
  list ??= new Set(COMMON_PASSWORDS.split('\n'));
  return list;
}

// Cracking rule sets try a listed word with a digit, `!`, `123` or a year appended before anything
// else, so those few characters add almost nothing. Longer tails are left to zxcvbn.
const TRAILING_DIGITS_OR_SYMBOLS = /[\p{N}\p{P}\p{S}\s]{1,4}$/u;

export type CommonMatch = 'listed' | 'listed-with-suffix';

/**
 * Whether the password is on the list of the 100,000 most common ones, compared without case, or
 * is a listed word (of 4+ characters) followed by at most 4 digits or symbols (`Password1!`).
 */
export function matchCommonPassword(password: string): CommonMatch | null {
  const lowered = password.normalize('NFKC').toLowerCase();
  const set = commonPasswords();
  if (set.has(lowered)) return 'listed';
  const stem = lowered.replace(TRAILING_DIGITS_OR_SYMBOLS, '');
  return stem !== lowered && stem.length >= 4 && set.has(stem) ? 'listed-with-suffix' : null;
}
