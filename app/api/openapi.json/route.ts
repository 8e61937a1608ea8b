import { noMethod, route } from '@/lib/http';
import { openApiDocument } from '@/lib/http/openapi';

let document: string | undefined;

/** `GET /api/openapi.json`: the OpenAPI 3.1 description, built once per process from the schemas. */
export const GET = route(async () => {
  document ??= JSON.stringify(openApiDocument());
  return new Response(document, {
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' },
  });
});

export const POST = route(noMethod);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
export const DELETE = route(noMethod);
