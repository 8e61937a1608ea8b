import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { requestHost } from '@/lib/http/trust';

/**
 * Server actions are POSTs to pages. Next refuses a cross-site one with a bare 500; refusing it
 * here gives a clear 403 before any of the app runs. `Origin: null` (sandboxed frames, privacy
 * modes) is refused too. A POST without Origin is not from a browser form and is left to Next.
 * The host compared with is the one the trust policy believes (lib/http/trust.ts): a client's own
 * `X-Forwarded-Host` counts only behind a trusted proxy.
 */
function isSameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  if (origin === new URL(env.APP_URL).origin) return true;
  const host = requestHost(request.headers);
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function refuseCrossSitePost(request: NextRequest): NextResponse | undefined {
  if (request.method !== 'POST' || isSameOrigin(request)) return undefined;
  return new NextResponse('Cross-site form submissions are not accepted.\n', {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
