import { noMethod, route } from '@/lib/http';
import { PATCH as update } from '../route';

/**
 * `POST /api/users/{id|me}/replace`: LoopBack's replaceById, open to the owner in a stock app. Like
 * `PUT /{id}`, it updates rather than replaces, so a partial body cannot blank out fields.
 */
export const POST = update;

export const GET = route(noMethod);
export const PUT = route(noMethod);
export const PATCH = route(noMethod);
export const DELETE = route(noMethod);
