import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { derivedKey } from '@/lib/secrets';

/**
 * What the outbox stores about a message, sealed: it holds the links' tokens, and a copy of the
 * database must not hand anyone a working link. AES-256-GCM under a key of its own derived from
 * SESSION_SECRET; the row's kind is bound in as associated data, so a payload moved onto a row
 * of another kind does not open.
 */

const VERSION = 'v1';
const key = () => derivedKey('mail-outbox');

export function sealPayload(value: unknown, rowKind: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(rowKind));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** Opens a sealed payload; throws when it was sealed under another key, altered, or for another kind. */
export function openPayload(sealed: string, rowKind: string): unknown {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !data) throw new Error('not a sealed outbox payload');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(rowKind));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const opened = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  return JSON.parse(opened.toString('utf8')) as unknown;
}
