import { listIdentities, toIdentityJSON, unlinkIdentity } from '@/lib/auth';
import { denied, errorResponse, json, noContent, noMethod, requestContext, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string; identityId: string }> };

const NOT_FOUND = { status: 404, message: 'Unknown "UserIdentity" id', code: 'MODEL_NOT_FOUND' } as const;

export const GET = route<Context>(async (request, { params }) => {
  const { id, identityId } = await params;
  const owner = await requireOwner(request, id);
  if (!owner.ok) return errorResponse(owner.error);
  const row = (await listIdentities(owner.user.id)).find((r) => String(r.id) === identityId);
  return row ? json(toIdentityJSON(row)) : errorResponse(NOT_FOUND);
});

/** Unlinks one of the owner's identities; never the last way to sign in (400 `LAST_SIGN_IN_METHOD`). */
export const DELETE = route<Context>(async (request, { params }) => {
  const { id, identityId } = await params;
  const owner = await requireOwner(request, id);
  if (!owner.ok) return errorResponse(owner.error);
  const result = await unlinkIdentity(owner.user.id, identityId, requestContext(request.headers));
  return result.ok ? noContent() : errorResponse(result.error);
});

export const PUT = route(denied);
export const POST = route(noMethod);
export const PATCH = route(noMethod);
