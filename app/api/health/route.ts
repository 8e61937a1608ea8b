import { json, noMethod, route } from '@/lib/http';

/**
 * `GET /api/health`: the process is up and serving (liveness). It asks nothing of the database, so
 * an orchestrator does not restart a healthy process because the database is away.
 */
export const GET = route(async () => json({ status: 'ok' }));

export const POST = route(noMethod);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
export const DELETE = route(noMethod);
