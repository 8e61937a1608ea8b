import 'server-only';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';

/**
 * The address to prefill on the login page after a reset or a confirmed address, so the person
 * only types the password (docs/decisions/021). In an HttpOnly cookie for ten minutes rather than
 * the URL, which would leave the address in history, logs and Referer headers. It is no secret
 * (whoever finished the flow knows the address) and grants nothing.
 */
const production = env.NODE_ENV === 'production';
const HINT_COOKIE = production ? '__Host-latchkey-login-hint' : 'latchkey-login-hint';

export interface LoginHint {
  email: string;
  realm?: string;
}

export async function rememberLoginHint(user: { email: string; realm: string | null }): Promise<void> {
  const hint: LoginHint = { email: user.email, ...(user.realm && { realm: user.realm }) };
  (await cookies()).set(HINT_COOKIE, JSON.stringify(hint), { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: 600 });
}

export async function loginHint(): Promise<LoginHint | undefined> {
  const value = (await cookies()).get(HINT_COOKIE)?.value;
  if (!value || value.length > 512) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<LoginHint>;
    if (typeof parsed.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(parsed.email)) return undefined;
    return { email: parsed.email, ...(typeof parsed.realm === 'string' && { realm: parsed.realm }) };
  } catch {
    return undefined;
  }
}

export async function forgetLoginHint(): Promise<void> {
  (await cookies()).set(HINT_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: 0 });
}
