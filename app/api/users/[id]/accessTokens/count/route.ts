import { countUserTokens } from '@/lib/auth';
import { denied, errorResponse, json, noMethod, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  return json({ count: await countUserTokens(owner.user.id) });
});

// As in LoopBack: PUT and DELETE fall through to `/accessTokens/{fk}` (denied to everyone), POST and PATCH match nothing.
export const PUT = route(denied);
export const DELETE = route(denied);
export const POST = route(noMethod);
export const PATCH = route(noMethod);
