import { denied, noMethod, route } from '@/lib/http';

// `GET|HEAD /api/users/{id}/exists`: denied to everyone in a stock LoopBack app.
export const GET = route(denied);
export const HEAD = route(denied);
export const POST = route(noMethod);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
export const DELETE = route(noMethod);
