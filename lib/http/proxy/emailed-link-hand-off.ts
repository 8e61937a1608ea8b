import { NextResponse, type NextRequest } from 'next/server';
import { LINK_PAGES, linkCookieName, linkCookieOptions, packLinkParams, type LinkPage } from '@/lib/cookies/emailed-links';
import { RESET_COOKIE, resetCookieOptions } from '@/lib/cookies/reset-link';
import { env } from '@/lib/env';

/**
 * Emailed links: their GET never uses the token (mail scanners fetch links). The token moves out
 * of the address bar, history and any Referer into a short-lived HttpOnly cookie, and the browser
 * lands on the clean URL, where only the page's POST spends it.
 */
function toCleanPage(path: string): NextResponse {
  return new NextResponse(null, {
    status: 303,
    headers: {
      location: new URL(path, env.APP_URL).toString(),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  });
}

/** The reset link: `/reset-password?access_token=…`. */
export function moveResetTokenToCookie(request: NextRequest): NextResponse | undefined {
  const { pathname, searchParams } = request.nextUrl;
  if (pathname !== '/reset-password' || !searchParams.has('access_token')) return undefined;
  const token = searchParams.get('access_token') ?? '';
  const response = toCleanPage('/reset-password');
  if (token.length > 0 && token.length <= 256) {
    response.cookies.set(RESET_COOKIE, token, resetCookieOptions(env.RESET_TOKEN_TTL));
  }
  return response;
}

function linkPage(request: NextRequest): LinkPage | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const { pathname, searchParams } = request.nextUrl;
  if (!(pathname in LINK_PAGES)) return null;
  const page = pathname as LinkPage;
  return LINK_PAGES[page].params.some((name) => searchParams.has(name)) ? page : null;
}

/** The confirmation and undo links (`/verify`, `/confirm-email`, `/undo-email-change`). */
export function moveLinkTokenToCookie(request: NextRequest): NextResponse | undefined {
  const page = linkPage(request);
  if (!page) return undefined;
  const response = toCleanPage(page);
  const value = packLinkParams(page, request.nextUrl.searchParams);
  // A link's lifetime is checked when it is used; the cookie only has to outlive the click.
  if (value !== null) response.cookies.set(linkCookieName(page), value, linkCookieOptions(3600));
  return response;
}
