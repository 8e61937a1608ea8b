import { env } from '@/lib/env';
import { explorerAsset } from '@/lib/http/explorer';

type Context = { params: Promise<{ asset: string }> };

const NOT_FOUND = () => new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The explorer's scripts and styles, from this origin; nothing when API_EXPLORER is off. */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  if (!env.API_EXPLORER) return NOT_FOUND();
  return (await explorerAsset((await params).asset)) ?? NOT_FOUND();
}
