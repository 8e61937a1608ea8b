import 'server-only';
import { sealData, unsealData } from 'iron-session';
import { cookies } from 'next/headers';
import { PENDING_LOGIN_TTL_SECONDS, type PendingLogin } from '@/lib/auth/pending-login';
import { derivedKey } from '@/lib/secrets';
import { clearedHostCookie, hostCookie } from './host-cookie';

/**
 * The half-finished login: a right password was given for an account with two-factor on, and the
 * code is still to come. Sealed (iron-session, a key of its own) so it cannot be forged for
 * another account or stretched: the seal carries its own expiry, checked on reading, besides the
 * cookie's Max-Age. It names the account and the credentials the password was checked under,
 * and the local page to go to afterwards; never the password (docs/decisions/023).
 */
const BASE = 'latchkey-pending-login';
const cookie = hostCookie(BASE, { maxAge: PENDING_LOGIN_TTL_SECONDS });

const password = () => derivedKey('pending-login-cookie').toString('base64url');

export interface PendingLoginCookie extends PendingLogin {
  /** A local path checked by safeNextPath before it was sealed. */
  next: string | null;
}

export async function rememberPendingLogin(pending: PendingLoginCookie): Promise<void> {
  const sealed = await sealData(pending, { password: password(), ttl: PENDING_LOGIN_TTL_SECONDS });
  (await cookies()).set(cookie.name, sealed, cookie.options);
}

/** Checks a sealed value; null when it is missing, tampered with, expired or the wrong shape. */
export async function openPendingLogin(value: string | undefined): Promise<PendingLoginCookie | null> {
  if (!value || value.length > 2048) return null;
  try {
    const data = await unsealData<Partial<PendingLoginCookie>>(value, { password: password(), ttl: PENDING_LOGIN_TTL_SECONDS });
    const { userId, credentialVersion, next } = data;
    if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(credentialVersion)) return null;
    return { userId: userId!, credentialVersion: credentialVersion!, next: typeof next === 'string' ? next : null };
  } catch {
    return null;
  }
}

export async function pendingLogin(): Promise<PendingLoginCookie | null> {
  return openPendingLogin((await cookies()).get(cookie.name)?.value);
}

export async function forgetPendingLogin(): Promise<void> {
  const cleared = clearedHostCookie(BASE);
  (await cookies()).set(cleared.name, cleared.value, cleared.options);
}
