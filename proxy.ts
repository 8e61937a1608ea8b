import { NextResponse, type NextRequest } from 'next/server';
import { canonicalApiPath } from '@/lib/http/paths';

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const canonical = canonicalApiPath(pathname);
  if (canonical !== pathname) {
    const url = request.nextUrl.clone();
    url.pathname = canonical;
    return NextResponse.rewrite(url);
  }
  return NextResponse.next();
}

export const config = {
  // Only paths with a capital letter can need folding (`/api/Users/Login`), so the hot paths
  // (`/api/users/me`, `/api/users/login`) never pay for the proxy.
  matcher: ['/((?:A[pP][iI]|[aA]P[iI]|[aA][pP]I)(?:/.*)?)', '/(api/.*[A-Z].*)'],
};
