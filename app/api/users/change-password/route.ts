import { changePassword } from '@/lib/auth';
import { authenticate, authFailure, deniedVerbs, errorResponse, noContent, readBody, requestContext, route } from '@/lib/http';

/** `POST /api/users/change-password`: `{ oldPassword, newPassword }`; other sessions are revoked. */
export const POST = route(async (request) => {
  const auth = await authenticate(request);
  if (auth.kind !== 'user') return errorResponse(authFailure(auth));
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const result = await changePassword(auth.user, auth.token.id, body.value.oldPassword, body.value.newPassword, requestContext(request.headers));
  return result.ok ? noContent() : errorResponse(result.error);
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
