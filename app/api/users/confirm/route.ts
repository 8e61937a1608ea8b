import { confirmEmail } from '@/lib/auth';
import { deniedVerbs, errorResponse, noContent, requestContext, route, safeRedirect } from '@/lib/http';

const BAD_REDIRECT = {
  status: 400,
  message: 'redirect must be a path on this app or on an allowed origin',
  code: 'INVALID_REDIRECT',
} as const;

/** `GET /api/users/confirm?uid=&token=&redirect=`: 204, or 302 to `redirect` once confirmed. */
export const GET = route(async (request) => {
  const query = new URL(request.url).searchParams;
  const redirect = query.get('redirect');
  const target = redirect ? safeRedirect(redirect, { allowOrigins: true }) : null;
  // Checked before the link is used, so a bad redirect does not spend it.
  if (redirect && !target) return errorResponse(BAD_REDIRECT);
  const result = await confirmEmail(query.get('uid') ?? undefined, query.get('token') ?? undefined, requestContext(request.headers));
  if (!result.ok) return errorResponse(result.error);
  if (!target) return noContent();
  return new Response(null, {
    status: 302,
    headers: { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
});

export const { PUT, PATCH, DELETE } = deniedVerbs;
