import 'server-only';
import { sealData, unsealData } from 'iron-session';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { derivedKey } from '@/lib/secrets';
import { hostCookie } from './host-cookie';

/**
 * Who a signed-out visitor may ask a new confirmation link for: the account they just created, or
 * the one whose right password they just gave at login. Sealed (iron-session, a key of its own):
 * the sign-up cookie also lets its holder see the address and correct a mistyped one, so it must
 * not be forgeable for another id. Keeping it in a cookie rather than the URL leaves nothing about
 * the account in the address bar or history.
 */
// As long as the link we mailed can work.
const pending = hostCookie('latchkey-verify', { maxAge: env.VERIFY_TOKEN_TTL });

/** How this browser came to hold the cookie: only `signup` may see and correct the address. */
export type PendingVia = 'signup' | 'login';
export interface Pending {
  id: string;
  via: PendingVia;
}

/** The id in the cookie, when it looks like one. */
export function parsePendingId(value: unknown): string | null {
  return typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? value : null;
}

const password = () => derivedKey('pending-verification-cookie').toString('base64url');

export async function rememberPendingVerification(userId: number, via: PendingVia = 'login'): Promise<void> {
  const sealed = await sealData({ id: String(userId), via }, { password: password(), ttl: env.VERIFY_TOKEN_TTL });
  (await cookies()).set(pending.name, sealed, pending.options);
}

export async function pendingVerification(): Promise<Pending | null> {
  const value = (await cookies()).get(pending.name)?.value;
  if (!value || value.length > 2048) return null;
  try {
    const data = await unsealData<Partial<Pending>>(value, { password: password(), ttl: env.VERIFY_TOKEN_TTL });
    const id = parsePendingId(data.id);
    return id && (data.via === 'signup' || data.via === 'login') ? { id, via: data.via } : null;
  } catch {
    return null;
  }
}

export async function pendingVerificationId(): Promise<string | null> {
  return (await pendingVerification())?.id ?? null;
}
