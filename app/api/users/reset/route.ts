import { checkResetRequest, resetPassword } from '@/lib/auth';
import { afterResponse, deniedVerbs, errorResponse, noContent, readBody, route } from '@/lib/http';

/**
 * `POST /api/users/reset`: 204 whether or not the address has an account, in the same time:
 * the lookup, the token and the mail all happen after the response has gone.
 */
export const POST = route(async (request) => {
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const checked = checkResetRequest(body.value);
  if (!checked.ok) return errorResponse(checked.error);
  afterResponse(() => resetPassword(checked.value));
  return noContent();
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
