import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// The largest multiple of 62 below 256: bytes at or above it are dropped, so every character is
// equally likely (no modulo bias).
const LIMIT = 248;

/** A random string of `length` characters from [A-Za-z0-9], from the OS's CSPRNG. */
export function randomToken(length = 64): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 16)) {
      if (byte < LIMIT) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
