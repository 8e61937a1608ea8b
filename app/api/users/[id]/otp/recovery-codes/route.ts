import { regenerateRecoveryCodes } from '@/lib/auth/two-factor';
import { errorResponse, json, noMethod, readBody, requestContext, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

/** New recovery codes for `{ currentPassword }`: `{ recoveryCodes }`; the old ones stop working. */
export const POST = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const made = await regenerateRecoveryCodes(owner.user, body.value.currentPassword, requestContext(request.headers));
  return made.ok ? json(made.value) : errorResponse(made.error);
});

export const GET = route(noMethod);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
export const DELETE = route(noMethod);
