import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/env';

/**
 * SESSION_SECRET, and keys derived from it. One secret to configure; each use gets its own key
 * (HKDF with a distinct label), so a key that leaks from one use says nothing about another.
 */

const production = env.NODE_ENV === 'production';
const DEV_SECRET_FILE = path.join(process.cwd(), '.data', 'session-secret');

function developmentSecret(): string {
  try {
    const existing = readFileSync(DEV_SECRET_FILE, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not there yet: create it below.
  }
  mkdirSync(path.dirname(DEV_SECRET_FILE), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    // `wx`: when two processes start at once, the first file wins and both use it.
    writeFileSync(DEV_SECRET_FILE, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    chmodSync(DEV_SECRET_FILE, 0o600);
    return readFileSync(DEV_SECRET_FILE, 'utf8').trim();
  }
}

let secret: string | undefined;

/** SESSION_SECRET, or in development one generated into .data/. */
export function sessionSecret(): string {
  if (secret) return secret;
  if (env.SESSION_SECRET) return (secret = env.SESSION_SECRET);
  // lib/env refuses to start a production server without one; this only guards odd paths
  // such as code running during `next build`.
  if (production) throw new Error('SESSION_SECRET is required in production (32+ characters).');
  return (secret = developmentSecret());
}

const derived = new Map<string, Buffer>();

/** A 32-byte key for one purpose, named by `label`, derived from SESSION_SECRET. */
export function derivedKey(label: string): Buffer {
  let key = derived.get(label);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', sessionSecret(), 'latchkey', label, 32));
    derived.set(label, key);
  }
  return key;
}
