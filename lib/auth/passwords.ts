import { env } from '@/lib/env';
import { getHashPool } from './hash-pool';
import { failure, type AuthFailure } from './result';

/** bcrypt reads at most 72 bytes; anything beyond would be silently ignored. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * Passwords are compared exactly as typed, except that Unicode compatibility forms are folded
 * (NFKC), the same on set and on verify, so one password typed on two keyboards still matches.
 */
function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** The rules for a password being set (sign-up, reset, change); never applied at login. */
export function checkNewPassword(password: unknown): AuthFailure | null {
  if (typeof password !== 'string' || password === '') {
    return failure(422, 'Invalid password.', 'INVALID_PASSWORD', 'password-invalid');
  }
  const normalized = normalizePassword(password);
  const bytes = Buffer.byteLength(normalized, 'utf8');
  if (bytes > MAX_PASSWORD_BYTES) {
    return failure(
      422,
      `The password entered was too long. Max length is ${MAX_PASSWORD_BYTES} (entered ${bytes})`,
      'PASSWORD_TOO_LONG',
      'password-too-long',
    );
  }
  if ([...normalized].length < env.PASSWORD_MIN_LENGTH) {
    return failure(
      422,
      `Invalid password: it must be at least ${env.PASSWORD_MIN_LENGTH} characters long.`,
      'INVALID_PASSWORD',
      'password-too-short',
    );
  }
  return null;
}

/** Hashes on a worker thread (./hash-pool): a login in progress never holds up the event loop. */
export async function hashPassword(password: string): Promise<string> {
  return getHashPool().hash(normalizePassword(password), env.BCRYPT_COST);
}

let dummyHash: Promise<string> | undefined;

function getDummyHash(): Promise<string> {
  dummyHash ??= getHashPool()
    .hash(`dummy-${Math.random()}`, env.BCRYPT_COST)
    .catch((error: unknown) => {
      // A crashed worker must not leave every later unknown-user login failing.
      dummyHash = undefined;
      throw error;
    });
  return dummyHash;
}

/**
 * Checks a password against a stored hash. With no hash (unknown user) it still runs one bcrypt
 * comparison against a dummy hash of the same cost, so the answer takes the same time either way.
 */
export async function verifyPassword(password: unknown, hash: string | null): Promise<boolean> {
  const candidate = typeof password === 'string' ? normalizePassword(password) : '';
  // Over-long input could only match by bcrypt's truncation; still spend the time.
  const acceptable = candidate !== '' && Buffer.byteLength(candidate, 'utf8') <= MAX_PASSWORD_BYTES;
  const target = hash ?? (await getDummyHash());
  const matches = await getHashPool().compare(acceptable ? candidate : 'x', target);
  return matches && acceptable && hash !== null;
}

/** Whether a stored hash was made at another cost than BCRYPT_COST (it is re-made at the next login). */
export function needsRehash(hash: string): boolean {
  const cost = /^\$2[abxy]?\$(\d{2})\$/.exec(hash)?.[1];
  return cost !== undefined && Number(cost) !== env.BCRYPT_COST;
}
