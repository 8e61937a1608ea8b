import { countUserTokens } from '@/lib/auth';
import { errorResponse, json, requireOwner, route } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (request, { params }) => {
  const owner = await requireOwner(request, (await params).id);
  if (!owner.ok) return errorResponse(owner.error);
  return json({ count: await countUserTokens(owner.user.id) });
});
