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
  // Matchers are case-sensitive, so match every path under /api in any spelling.
  matcher: ['/((?:[aA][pP][iI])/.*)'],
};
