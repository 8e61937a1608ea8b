import { toUserJSON, updateUser } from '@/lib/auth';
import { deleteAccount } from '@/lib/auth/delete-account';
import { applyFilter, denied, errorResponse, json, noMethod, readBody, readFilter, requestContext, requireOwner, route, stub } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

/** `GET /api/users/{id|me}[?filter=]`: lb-ng's `getCurrent()` reads `/{id}`, not `/me`. */
export const GET = route<Context>(async (request, { params }) => {
  // Checked first, as LoopBack checks its arguments before its ACLs.
  const filter = readFilter(request);
  if (!filter.ok) return errorResponse(filter.error);
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  return json(applyFilter(toUserJSON(owner.user), filter.filter));
});

/** `PATCH /api/users/{id|me}`: email and username only. */
export const PATCH = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const updated = await updateUser(owner.user, body.value, requestContext(request.headers));
  if (!updated.ok) return errorResponse(updated.error);
  return json(toUserJSON(updated.value));
});

/** `PUT` replaces in LoopBack; here it is PATCH, so a partial body cannot blank out fields. */
export const PUT = PATCH;

/**
 * `DELETE /api/users/{id|me}`: the account, all its tokens and the personal data of its audit
 * rows; a goodbye notice goes to its address. The owner's token is enough, as in LoopBack; a body
 * with `currentPassword` has it checked first (docs/decisions/020).
 */
export const DELETE = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const deleted = await deleteAccount(
    owner.user,
    { requirePassword: false, ...('currentPassword' in body.value && { currentPassword: body.value.currentPassword }) },
    requestContext(request.headers),
  );
  if (!deleted.ok) return errorResponse(deleted.error);
  return json({ count: deleted.value.count });
});

// The static methods LoopBack mounts as POST /{name}; a stock app denies them all.
const DENIED_POSTS = new Set(['replaceorcreate', 'upsertwithwhere', 'update', 'change-stream']);

export const POST = stub(
  route<Context>(async (request, { params }) => {
    const { id } = await params;
    if (DENIED_POSTS.has(id.toLowerCase())) return denied();
    return noMethod(request);
  }),
);

// `HEAD /{id}` is LoopBack's `exists`, denied to everyone, the owner included; without this, Next
// would answer HEAD from GET.
export const HEAD = route(denied);
