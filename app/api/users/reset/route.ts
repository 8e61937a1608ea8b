import { requestPasswordReset } from '@/lib/auth';
import { deniedVerbs, errorResponse, noContent, readBody, requestContext, route } from '@/lib/http';

/**
 * `POST /api/users/reset`: 204 whether or not the address has an account, in the same time:
 * the lookup, the token and the mail all happen after the response has gone.
 */
export const POST = route(async (request) => {
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const result = await requestPasswordReset(body.value, requestContext(request.headers));
  return result.ok ? noContent() : errorResponse(result.error);
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
