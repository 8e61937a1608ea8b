import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { canonicalApiPath } from '@/lib/http/paths';
import { LINK_PAGES, linkCookieName, linkCookieOptions, packLinkParams, type LinkPage } from '@/lib/cookies/emailed-links';
import { RESET_COOKIE, resetCookieOptions } from '@/lib/cookies/reset-link';
import { contentSecurityPolicy } from '@/lib/http/security-headers';

function isApi(pathname: string): boolean {
  return /^\/api(\/|$)/i.test(pathname);
}

/**
 * The emailed reset link: its GET never uses the token (mail scanners fetch links). The token moves
 * out of the address bar, history and any Referer into a short-lived HttpOnly cookie, and the
 * browser lands on the clean URL, where only the form's POST spends it.
 */
function moveResetTokenToCookie(request: NextRequest): NextResponse {
  const token = request.nextUrl.searchParams.get('access_token') ?? '';
  const response = new NextResponse(null, {
    status: 303,
    headers: {
      location: new URL('/reset-password', env.APP_URL).toString(),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  });
  if (token.length > 0 && token.length <= 256) {
    response.cookies.set(RESET_COOKIE, token, resetCookieOptions(env.RESET_TOKEN_TTL));
  }
  return response;
}

/** The confirmation and undo links: the same hand-off as the reset link, for their own pages. */
function moveLinkTokenToCookie(request: NextRequest, page: LinkPage): NextResponse {
  const response = new NextResponse(null, {
    status: 303,
    headers: { location: new URL(page, env.APP_URL).toString(), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
  const value = packLinkParams(page, request.nextUrl.searchParams);
  // A link's lifetime is checked when it is used; the cookie only has to outlive the click.
  if (value !== null) response.cookies.set(linkCookieName(page), value, linkCookieOptions(3600));
  return response;
}

function linkPage(request: NextRequest): LinkPage | null {
  const { pathname, searchParams } = request.nextUrl;
  if (!(pathname in LINK_PAGES)) return null;
  const page = pathname as LinkPage;
  return LINK_PAGES[page].params.some((name) => searchParams.has(name)) ? page : null;
}

/**
 * Serves `/api/Users/Login` as `/api/users/login`. Next reports a rewrite's target URL in a
 * response header, so a token in the query string moves into `X-Access-Token` (which it beats
 * in the lookup order anyway) and never travels back to the client or into a proxy's logs.
 */
function rewriteApiPath(request: NextRequest, canonical: string): NextResponse {
  const url = request.nextUrl.clone();
  url.pathname = canonical;
  const token = url.searchParams.get('access_token');
  if (token === null) return NextResponse.rewrite(url);
  url.searchParams.delete('access_token');
  const headers = new Headers(request.headers);
  headers.set('x-access-token', token);
  return NextResponse.rewrite(url, { request: { headers } });
}

/**
 * Server actions are POSTs to pages. Next refuses a cross-site one with a bare 500; refusing it
 * here gives a clear 403 before any of the app runs. `Origin: null` (sandboxed frames, privacy
 * modes) is refused too. A POST without Origin is not from a browser form and is left to Next.
 */
function isSameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  if (origin === new URL(env.APP_URL).origin) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function crossSiteRefused(): NextResponse {
  return new NextResponse('Cross-site form submissions are not accepted.\n', {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (isApi(pathname)) {
    const canonical = canonicalApiPath(pathname);
    if (canonical === pathname) return NextResponse.next();
    return rewriteApiPath(request, canonical);
  }
  if (request.method === 'POST' && !isSameOrigin(request)) return crossSiteRefused();
  if (pathname === '/reset-password' && request.nextUrl.searchParams.has('access_token')) return moveResetTokenToCookie(request);
  const link = request.method === 'GET' || request.method === 'HEAD' ? linkPage(request) : null;
  if (link) return moveLinkTokenToCookie(request, link);
  // Pages: a fresh nonce per request. Next reads the policy from the request headers and puts the
  // nonce on the scripts it renders.
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const policy = contentSecurityPolicy(nonce, { dev: env.NODE_ENV === 'development', https: env.APP_URL.startsWith('https:') });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    // API paths with a capital letter (`/api/Users/Login`) need folding; the hot lower-case paths
    // (`/api/users/me`) never pay for the proxy.
    '/((?:A[pP][iI]|[aA]P[iI]|[aA][pP]I)(?:/.*)?)',
    '/(api/.*[A-Z].*)',
    // Every page, but not static assets or prefetches.
    {
      source: '/((?!api/|api$|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
