import { NextResponse, type NextRequest } from 'next/server';
import { addContentSecurityPolicy } from '@/lib/http/proxy/content-security-policy';
import { moveLinkTokenToCookie, moveResetTokenToCookie } from '@/lib/http/proxy/emailed-link-hand-off';
import { foldApiPath } from '@/lib/http/proxy/fold-api-path';
import { refuseCrossSitePost } from '@/lib/http/proxy/refuse-cross-site-post';
import { refuseMalformedAction } from '@/lib/http/proxy/refuse-malformed-action';
import { runSteps, type ProxyStep } from '@/lib/http/proxy/step';

/** In order; the first step that answers ends the request's trip through the proxy. */
const steps: readonly ProxyStep[] = [
  foldApiPath,
  refuseCrossSitePost,
  refuseMalformedAction,
  moveResetTokenToCookie,
  moveLinkTokenToCookie,
  addContentSecurityPolicy,
];

export async function proxy(request: NextRequest): Promise<NextResponse> {
  return (await runSteps(steps, request)) ?? NextResponse.next();
}

export const config = {
  matcher: [
    // API paths (`api` in any case) with a capital letter anywhere (`/api/Users/Login`) may need
    // folding; the hot lower-case paths (`/api/users/me`) never pay for the proxy. (`.json`: Next
    // matches `/x.json` as `/x`.)
    '/((?=[aA][pP][iI](?:/|\\.json$|$)).*[A-Z].*)',
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
