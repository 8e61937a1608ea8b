import { env } from '@/lib/env';
import { explorerPage } from '@/lib/http/explorer';

/**
 * `/explorer`: the interactive API explorer, when API_EXPLORER is on (by default outside
 * production). The proxy has given the request its nonce and the response its policy.
 */
export async function GET(request: Request): Promise<Response> {
  const nonce = request.headers.get('x-nonce');
  if (!env.API_EXPLORER || !nonce) return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return explorerPage(nonce);
}
