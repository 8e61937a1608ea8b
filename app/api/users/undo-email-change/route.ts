import { undoEmailChange } from '@/lib/auth';
import { deniedVerbs, errorResponse, noContent, readBody, requestContext, route } from '@/lib/http';

/**
 * `POST /api/users/undo-email-change` `{ token }`: the link mailed to the old address. 204 once a
 * pending change is cancelled or an applied one is undone (the old address back, every session
 * ended). Not in LoopBack (docs/decisions/013).
 */
export const POST = route(async (request) => {
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const result = await undoEmailChange(body.value.token, requestContext(request.headers));
  return result.ok ? noContent() : errorResponse(result.error);
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
