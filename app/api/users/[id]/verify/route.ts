import { requestVerification } from '@/lib/auth';
import { errorResponse, noContent, requestContext, route } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

/**
 * `POST /api/users/{id}/verify`: (re)sends the verification email. 204 for any id, after the same
 * work, so it cannot be used to find accounts; verified addresses get nothing.
 */
export const POST = route<Context>(async (request, { params }) => {
  const result = await requestVerification((await params).id, requestContext(request.headers));
  return result.ok ? noContent() : errorResponse(result.error);
});
