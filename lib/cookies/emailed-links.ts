import { hostCookieName, hostCookieOptions } from './host-cookie';

/**
 * Emailed links whose GET must not act (mail scanners fetch links): proxy.ts moves the token out
 * of the address bar, history and any Referer into a short-lived HttpOnly cookie, the browser
 * lands on the clean URL, and only the page's button (a POST) spends it. As the reset link does
 * (./reset-link.ts).
 */
export const LINK_PAGES = {
  '/verify': { cookie: 'verify-link', params: ['uid', 'token'] },
  '/confirm-email': { cookie: 'email-change', params: ['token'] },
  '/undo-email-change': { cookie: 'email-undo', params: ['token'] },
} as const;

export type LinkPage = keyof typeof LINK_PAGES;

export function linkCookieName(page: LinkPage): string {
  return hostCookieName(`latchkey-${LINK_PAGES[page].cookie}`);
}

/** The cookie's attributes; clearing it (maxAge 0) repeats them, or a `__Host-` cookie is not replaced. */
export function linkCookieOptions(maxAge: number) {
  return hostCookieOptions({ maxAge });
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
