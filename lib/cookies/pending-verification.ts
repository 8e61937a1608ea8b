import 'server-only';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';
import { hostCookie } from './host-cookie';

/**
 * Who a signed-out visitor may ask a new confirmation link for: the account they just created, or
 * the one whose right password they just gave at login. Only the id, unsealed: whoever changes it
 * can do no more than `POST /api/users/{id}/verify` already allows anyone (the same answer for any
 * id, rate-limited, and the mail goes to that account's own address). Keeping it in a cookie
 * rather than the URL leaves nothing about the account in the address bar or history.
 */
// As long as the link we mailed can work.
const pending = hostCookie('latchkey-verify', { maxAge: env.VERIFY_TOKEN_TTL });

/** The id in the cookie, when it looks like one. */
export function parsePendingId(value: string | undefined): string | null {
  return value !== undefined && /^[1-9]\d{0,9}$/.test(value) ? value : null;
}

export async function rememberPendingVerification(userId: number): Promise<void> {
  (await cookies()).set(pending.name, String(userId), pending.options);
}

export async function pendingVerificationId(): Promise<string | null> {
  return parsePendingId((await cookies()).get(pending.name)?.value);
}
