import { disableTwoFactor, getTwoFactorStatus, startTwoFactorEnrolment } from '@/lib/auth/two-factor';
import { errorResponse, json, noContent, noMethod, readBody, requestContext, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

/** Whether two-factor is on, and how many recovery codes are left. */
export const GET = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  const status = await getTwoFactorStatus(owner.user.id);
  return json({ enabled: status.enabled, pending: status.pending, recoveryCodesLeft: status.recoveryCodesLeft });
});

/** Starts an enrolment: `{ currentPassword }` → `{ secret, uri }`; on only after `/otp/confirm`. */
export const POST = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const started = await startTwoFactorEnrolment(owner.user, body.value.currentPassword, requestContext(request.headers));
  return started.ok ? json(started.value) : errorResponse(started.error);
});

/** Turns two-factor off: `{ currentPassword, otp }` (an authenticator or a recovery code). */
export const DELETE = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  const body = await readBody(request);
  if (!body.ok) return errorResponse(body.error);
  const result = await disableTwoFactor(owner.user, body.value.currentPassword, body.value.otp, requestContext(request.headers));
  return result.ok ? noContent() : errorResponse(result.error);
});

export const PUT = route(noMethod);
export const PATCH = route(noMethod);
