import { denied, route } from '@/lib/http';

// `GET|HEAD /api/users/{id}/exists`: denied to everyone in a stock LoopBack app.
export const GET = route(denied);
export const HEAD = route(denied);
