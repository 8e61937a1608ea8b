import { env } from '@/lib/env';

/**
 * Emailed links whose GET must not act (mail scanners fetch links): proxy.ts moves the token out
 * of the address bar, history and any Referer into a short-lived HttpOnly cookie, the browser
 * lands on the clean URL, and only the page's button (a POST) spends it. As the reset link does
 * (./reset-cookie.ts).
 */
export const LINK_PAGES = {
  '/verify': { cookie: 'verify', params: ['uid', 'token'] },
  '/confirm-email': { cookie: 'email-change', params: ['token'] },
  '/undo-email-change': { cookie: 'email-undo', params: ['token'] },
} as const;

export type LinkPage = keyof typeof LINK_PAGES;

/** `__Host-` in production, as the session cookie: Secure, host-only, path `/`. */
export function linkCookieName(page: LinkPage): string {
  const name = `latchkey-${LINK_PAGES[page].cookie}`;
  return env.NODE_ENV === 'production' ? `__Host-${name}` : name;
}

/** The cookie's attributes; clearing it must repeat them, or a `__Host-` cookie is not replaced. */
export function linkCookieOptions(maxAge: number) {
  return { httpOnly: true, secure: env.NODE_ENV === 'production', sameSite: 'lax' as const, path: '/', maxAge };
}

/** The link's parameters, joined with `.` (none of them can hold one), or null when unusable. */
export function packLinkParams(page: LinkPage, query: URLSearchParams): string | null {
  const values = LINK_PAGES[page].params.map((name) => query.get(name) ?? '');
  if (values.some((v) => v === '' || v.length > 256 || !/^[A-Za-z0-9_-]+$/.test(v))) return null;
  return values.join('.');
}

/** The inverse of packLinkParams: the values by name, or null. */
export function unpackLinkParams(page: LinkPage, value: string | undefined): Record<string, string> | null {
  if (!value) return null;
  const names = LINK_PAGES[page].params;
  const parts = value.split('.');
  if (parts.length !== names.length) return null;
  return Object.fromEntries(names.map((name, i) => [name, parts[i]!]));
}
