import { setPasswordWithResetToken } from '@/lib/auth';
import { deniedVerbs, errorResponse, extractAccessToken, noContent, readBody, requestContext, route } from '@/lib/http';

/** `POST /api/users/reset-password`: a reset token (any token location) and `{ newPassword }`. */
export const POST = route(async (request) => {
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const result = await setPasswordWithResetToken(extractAccessToken(request), body.value.newPassword, requestContext(request.headers), {
    otp: body.value.otp,
  });
  return result.ok ? noContent() : errorResponse(result.error);
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
