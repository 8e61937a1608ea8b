import { login } from '@/lib/auth';
import { deniedVerbs, errorResponse, json, readBody, requestContext, route } from '@/lib/http';

/** `?include=user`, repeated, or `?include=["user"]`: LoopBack's REST layer accepts all three. */
function includes(url: URL): string[] {
  return url.searchParams.getAll('include').flatMap((value) => {
    if (!value.trimStart().startsWith('[')) return [value];
    try {
      const list: unknown = JSON.parse(value);
      return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
    } catch {
      return [value];
    }
  });
}

/** `POST /api/users/login[?include=user]`. */
export const POST = route(async (request) => {
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const include = includes(new URL(request.url));
  const result = await login(body.value, { include, ...requestContext(request.headers) });
  if (!result.ok) return errorResponse(result.error);
  return json(result.value);
});

export const { GET, PUT, PATCH, DELETE } = deniedVerbs;
