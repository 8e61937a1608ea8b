import 'server-only';
import { sealData, unsealData } from 'iron-session';
import { cookies } from 'next/headers';
import { derivedKey } from '@/lib/secrets';
import { clearedHostCookie, hostCookie } from './host-cookie';

/**
 * New recovery codes on their way from the action that made them to the page that shows them:
 * the database keeps only their hashes, and the form's state and the URL must not hold them. The
 * seal (a key of its own) lives ten minutes, and "I have saved them" drops it at once.
 */
const BASE = 'latchkey-recovery-codes';
const TTL = 600;
const cookie = hostCookie(BASE, { maxAge: TTL });

const password = () => derivedKey('recovery-codes-cookie').toString('base64url');

interface Shown {
  userId: number;
  codes: string[];
}

export async function handOverRecoveryCodes(userId: number, codes: string[]): Promise<void> {
  const sealed = await sealData({ userId, codes } satisfies Shown, { password: password(), ttl: TTL });
  (await cookies()).set(cookie.name, sealed, cookie.options);
}

/** The codes for this account, if this browser was just given some. */
export async function recoveryCodesToShow(userId: number): Promise<string[] | null> {
  const value = (await cookies()).get(cookie.name)?.value;
  if (!value || value.length > 4096) return null;
  try {
    const data = await unsealData<Partial<Shown>>(value, { password: password(), ttl: TTL });
    if (data.userId !== userId || !Array.isArray(data.codes)) return null;
    return data.codes.filter((c): c is string => typeof c === 'string');
  } catch {
    return null;
  }
}

export async function forgetRecoveryCodes(): Promise<void> {
  const cleared = clearedHostCookie(BASE);
  (await cookies()).set(cleared.name, cleared.value, cleared.options);
}
