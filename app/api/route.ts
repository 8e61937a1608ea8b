import { noMethod, route } from '@/lib/http';

/** `/api` itself (the catch-all beside it needs at least one segment): LoopBack's JSON 404. */
const handler = route(noMethod);

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as HEAD };
