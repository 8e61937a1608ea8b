import { confirmEmailChange } from '@/lib/auth';
import { deniedVerbs, errorResponse, noContent, readBody, requestContext, route } from '@/lib/http';

/**
 * `POST /api/users/confirm-email-change` `{ token }`: the link mailed to the new address. 204 once
 * the address has changed; every session of the account has then ended. Not in LoopBack
 * (docs/decisions/013).
 */
export const POST = route(async (request) => {
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const result = await confirmEmailChange(body.value.token, requestContext(request.headers));
  return result.ok ? noContent() : errorResponse(result.error);
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
