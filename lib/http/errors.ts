import type { AuthFailure } from '@/lib/auth/result';

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  // Responses may carry tokens or be answers to requests that carried one in the query string.
  'cache-control': 'no-store',
};

export function json(data: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { ...BASE_HEADERS, ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
}

/** Anything shaped like an error: the core's failures, body-parsing failures, fixed answers. */
export type Failure = { status: number; message: string; name?: string; code?: string } & Partial<
  Pick<AuthFailure, 'details' | 'retryAfter' | 'userId'>
>;

/** LoopBack's error envelope (strong-error-handler, production mode): keys in its order, no stack. */
export function errorResponse(failure: Failure): Response {
  const error: Record<string, unknown> = {
    statusCode: failure.status,
    name: failure.name ?? 'Error',
    message: failure.message,
  };
  if (failure.code !== undefined) error.code = failure.code;
  if (failure.details !== undefined) error.details = failure.details;
  else if (failure.userId !== undefined) error.details = { userId: failure.userId };
  const headers: Record<string, string> = {};
  if (failure.status === 401) headers['www-authenticate'] = 'Bearer';
  if (failure.retryAfter !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(failure.retryAfter)));
  return json({ error }, failure.status, headers);
}

export function internalError(): Response {
  return json({ error: { statusCode: 500, message: 'Internal Server Error' } }, 500);
}

/**
 * LoopBack's 404 for a path or verb nothing serves, worded as it words them: relative to the User
 * model's base path under `/api/users`, relative to `/api` elsewhere. `pathname` is the request's
 * full path; the query string is left out, since it may carry a token.
 */
export function notFound(method: string, pathname: string): Response {
  const users = /^\/api\/users(?=\/|$)/i.exec(pathname);
  if (users) {
    const rest = pathname.slice(users[0].length) || '/';
    return errorResponse({ status: 404, message: `Shared class "User" has no method handling ${method} ${rest}` });
  }
  const rest = pathname.replace(/^\/api(?=\/|$)/i, '') || '/';
  return errorResponse({ status: 404, message: `There is no method to handle ${method} ${rest}` });
}
