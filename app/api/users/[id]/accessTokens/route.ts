import { listUserTokens, revokeAllSessions } from '@/lib/auth';
import { applyFilter, denied, errorResponse, json, noMethod, readFilter, requestContext, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

/** The owner's live sessions, each by its public handle, the caller's own marked `current`. */
export const GET = route<Context>(async (request, { params }) => {
  const filter = readFilter(request);
  if (!filter.ok) return errorResponse(filter.error);
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  return json((await listUserTokens(owner.user.id, owner.token.id)).map((session) => applyFilter(session, filter.filter)));
});

/** Log out everywhere: every token of the owner, this one included. */
export const DELETE = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  return json({ count: await revokeAllSessions(owner.user.id, requestContext(request.headers)) });
});

// Creating a token through the relation is denied in a stock app; it has no PUT or PATCH here.
export const POST = route(denied);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
