import { listIdentities, toIdentityJSON } from '@/lib/auth';
import { denied, errorResponse, json, noMethod, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

/** The owner's linked sign-in providers, LoopBack's `UserIdentity` without credentials (none are kept). */
export const GET = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  return json((await listIdentities(owner.user.id)).map(toIdentityJSON));
});

// Identities are made by signing in at the provider (/link/<provider>), never posted.
export const POST = route(denied);
export const DELETE = route(denied);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
