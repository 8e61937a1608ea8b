import { createUser, toUserJSON } from '@/lib/auth';
import { denied, errorResponse, json, noMethod, readBody, requestContext, route } from '@/lib/http';

/** `POST /api/users`: sign up. */
export const POST = route(async (request) => {
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const created = await createUser(body.value, requestContext(request.headers));
  if (!created.ok) return errorResponse(created.error);
  return json(toUserJSON(created.value));
});

// find, updateAll, replaceOrCreate / upsert: denied to everyone in a stock LoopBack app.
export const GET = route(denied);
export const PATCH = route(denied);
export const PUT = route(denied);
// LoopBack has no `DELETE /` on a model.
export const DELETE = route(noMethod);
