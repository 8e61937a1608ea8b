import { login } from '@/lib/auth';
import { deniedVerbs, errorResponse, json, readBody, route } from '@/lib/http';

/** `POST /api/users/login[?include=user]`. */
export const POST = route(async (request) => {
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const include = new URL(request.url).searchParams.getAll('include');
  const result = await login(body.value, { include, userAgent: request.headers.get('user-agent') });
  if (!result.ok) return errorResponse(result.error);
  return json(result.value);
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
