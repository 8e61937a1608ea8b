import { createHash } from 'node:crypto';
import { env } from '@/lib/env';
import { describeError } from '@/lib/log';
import { failure, type AuthFailure } from './result';

const BREACHED = failure(
  422,
  'Invalid password: it has appeared in a data breach, so attackers try it first. Choose something harder to guess.',
  'INVALID_PASSWORD',
  'password-breached',
);

/**
 * How often a password appears in the breach corpus behind a Pwned Passwords style range API, or
 * null when the API could not say (unreachable, slow, an error status, an unreadable answer).
 * k-anonymity: only the first 5 hex characters of the SHA-1 leave the process; the suffixes come
 * back (padded with count-0 decoys, so the answer's size says nothing) and are compared here.
 */
async function breachCount(password: string): Promise<number | null> {
  const digest = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
  const prefix = digest.slice(0, 5);
  const suffix = digest.slice(5);
  try {
    const response = await fetch(`${env.BREACHED_PASSWORD_API_URL}${prefix}`, {
      headers: { 'add-padding': 'true', accept: 'text/plain' },
      signal: AbortSignal.timeout(env.BREACHED_PASSWORD_TIMEOUT_MS),
      redirect: 'error',
      cache: 'no-store',
    });
    if (!response.ok) {
      await response.body?.cancel();
      console.warn(`[latchkey] breached-password check skipped: the range API answered ${response.status}`);
      return null;
    }
    const text = await response.text();
    let rows = 0;
    for (const line of text.split('\n')) {
      const [rowSuffix, rowCount] = line.trim().split(':');
      if (!rowSuffix || rowCount === undefined) continue;
      rows += 1;
      if (rowSuffix.toUpperCase() === suffix) return Number.parseInt(rowCount, 10) || 0;
    }
    if (rows === 0) {
      console.warn('[latchkey] breached-password check skipped: the range API answer had no rows');
      return null;
    }
    return 0;
  } catch (error) {
    // Fail open: an outage of someone else's API must not stop sign-ups and resets.
    console.warn(`[latchkey] breached-password check skipped: ${describeError(error)}`);
    return null;
  }
}

/** INVALID_PASSWORD when the check is on and the password is known from breaches; otherwise null. */
export async function checkBreachedPassword(password: string): Promise<AuthFailure | null> {
  if (!env.BREACHED_PASSWORD_CHECK) return null;
  const count = await breachCount(password.normalize('NFKC'));
  return count !== null && count > 0 ? BREACHED : null;
}
