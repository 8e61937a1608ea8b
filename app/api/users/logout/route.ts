import { logout } from '@/lib/auth';
import { deniedVerbs, errorResponse, extractAccessToken, noContent, readBody, requestContext, route } from '@/lib/http';

const TOKEN_REQUIRED = { status: 401, message: 'accessToken is required to logout' } as const;

/**
 * `POST /api/users/logout`: deletes the presented token only. Besides the usual places, the token
 * may come in the body as `sid` or `access_token`, as LoopBack's documentation describes.
 */
export const POST = route(async (request) => {
  let rawToken = extractAccessToken(request);
  if (!rawToken) {
    const body = await readBody(request);
    if (!body.ok) return errorResponse(body.error);
    const candidate = body.value.sid ?? body.value.access_token;
    if (typeof candidate === 'string' && candidate !== '') rawToken = candidate;
  }
  if (!rawToken || !(await logout(rawToken, requestContext(request.headers)))) return errorResponse(TOKEN_REQUIRED);
  return noContent();
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
