import { NextResponse, type NextRequest } from 'next/server';
import { canonicalApiPath } from '@/lib/http/paths';

/**
 * Serves `/api/Users/Login` as `/api/users/login`, and lets every API request through untouched
 * otherwise: nothing else in the proxy is for the API. Next reports a rewrite's target URL in a
 * response header, so a token in the query string moves into `X-Access-Token` (which it beats in
 * the lookup order anyway) and never travels back to the client or into a proxy's logs.
 */
export function foldApiPath(request: NextRequest): NextResponse | undefined {
  const { pathname } = request.nextUrl;
  if (!/^\/api(\/|$)/i.test(pathname)) return undefined;
  const canonical = canonicalApiPath(pathname);
  if (canonical === pathname) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = canonical;
  const token = url.searchParams.get('access_token');
  if (token === null) return NextResponse.rewrite(url);
  url.searchParams.delete('access_token');
  const headers = new Headers(request.headers);
  headers.set('x-access-token', token);
  return NextResponse.rewrite(url, { request: { headers } });
}
