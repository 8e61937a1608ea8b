import { listUserTokens, revokeSession } from '@/lib/auth';
import { denied, errorResponse, json, noContent, noMethod, requestContext, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string; tokenId: string }> };

const NOT_FOUND = { status: 404, message: 'Unknown "AccessToken" id', code: 'MODEL_NOT_FOUND' } as const;

export const GET = route<Context>(async (request, { params }) => {
  // LoopBack's `:fk` here is the session's handle (what the listing calls `id`).
  const { id, tokenId: handle } = await params;
  const owner = await requireOwner(request, id);
  if (!owner.ok) return errorResponse(owner.error);
  const session = (await listUserTokens(owner.user.id, owner.token.id)).find((s) => s.id === handle);
  return session ? json(session) : errorResponse(NOT_FOUND);
});

/** Revokes one of the owner's sessions by its handle. */
export const DELETE = route<Context>(async (request, { params }) => {
  const { id, tokenId: handle } = await params;
  const owner = await requireOwner(request, id);
  if (!owner.ok) return errorResponse(owner.error);
  return (await revokeSession(owner.user.id, handle, requestContext(request.headers))) ? noContent() : errorResponse(NOT_FOUND);
});

// Updating a token through the relation is denied in a stock app; POST and PATCH match nothing.
export const PUT = route(denied);
export const POST = route(noMethod);
export const PATCH = route(noMethod);
