import { noMethod, route } from '@/lib/http';

/** Anything else under /api: LoopBack's JSON 404, never an HTML page. */
const handler = route(noMethod);

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as HEAD };
