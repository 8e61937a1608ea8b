import { confirmTwoFactorEnrolment } from '@/lib/auth/two-factor';
import { errorResponse, json, noMethod, readBody, requestContext, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

/** Confirms an enrolment with a current code: `{ otp }` → `{ recoveryCodes }`, shown this once. */
export const POST = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const confirmed = await confirmTwoFactorEnrolment(owner.user, body.value.otp, requestContext(request.headers));
  return confirmed.ok ? json(confirmed.value) : errorResponse(confirmed.error);
});

export const GET = route(noMethod);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
export const DELETE = route(noMethod);
