import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { contentSecurityPolicy } from '@/lib/http/security-headers';

/**
 * Pages: a fresh nonce per request. Next reads the policy from the request headers and puts the
 * nonce on the scripts it renders. Always answers, so it is the last step.
 */
export function addContentSecurityPolicy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const policy = contentSecurityPolicy(nonce, { dev: env.NODE_ENV === 'development', https: env.APP_URL.startsWith('https:') });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}
