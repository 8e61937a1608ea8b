import 'server-only';
import '@/lib/auth-setup';
import { HashPoolBusyError } from '@/lib/auth/hash-pool';
import { AUTHORIZATION_REQUIRED } from '@/lib/auth/result';
import { serviceUnavailable } from '@/lib/auth/throttle';
import { DATABASE_RETRY_AFTER, databaseUnavailableCode } from '@/lib/db/unavailable';
import { describeError } from '@/lib/log';
import { errorResponse, internalError, notFound } from './errors';

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Handlers that serve nothing: they answer as a stock LoopBack app does for what it denies or does
 * not have (401, or its JSON 404). The OpenAPI description leaves them out, and its test checks
 * that every other handler is described.
 */
const stubs = new WeakSet<object>();

export function isStub(handler: unknown): boolean {
  return typeof handler === 'function' && stubs.has(handler);
}

/** Marks a handler as one that only denies or answers 404 (see `isStub`). */
export function stub<H extends object>(handler: H): H {
  stubs.add(handler);
  return handler;
}

/** The answer while the database cannot be reached: nothing was done, and trying again will work. */
export function databaseUnavailable(): Response {
  return errorResponse({
    status: 503,
    name: 'Error',
    message: 'The service is briefly unavailable. Try again shortly.',
    code: 'SERVICE_UNAVAILABLE',
    retryAfter: DATABASE_RETRY_AFTER,
  });
}

/**
 * Wraps a route handler: the database being away becomes 503 with Retry-After, any other surprise
 * LoopBack's bare 500 envelope, never a stack.
 */
export function route<C = unknown>(handler: Handler<C>): Handler<C> {
  const wrapped: Handler<C> = async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      // Every hashing worker busy and the queue full (a sign-up or reset during a flood): ask the
      // client to come back rather than report a fault.
      if (error instanceof HashPoolBusyError) return errorResponse(serviceUnavailable(1));
      const path = new URL(request.url).pathname;
      const unavailable = databaseUnavailableCode(error);
      if (unavailable !== undefined) {
        console.error(`[latchkey] ${request.method} ${path}: database not reachable (${unavailable})`);
        return databaseUnavailable();
      }
      console.error(`[latchkey] ${request.method} ${path} failed: ${describeError(error)}`);
      return internalError();
    }
  };
  if (isStub(handler)) stub(wrapped);
  return wrapped;
}

/** What a stock LoopBack app answers for a method its ACLs deny: 401, changing nothing. */
export const denied = stub(async (): Promise<Response> => errorResponse(AUTHORIZATION_REQUIRED));

/** Handlers for the verbs a fixed path does not serve: in LoopBack they fall through to `/{id}`, which denies. */
export const deniedVerbs = { GET: denied, PUT: denied, PATCH: denied, DELETE: denied } as const;

/** LoopBack's JSON 404 for a verb a path does not serve, where it has no method to fall through to. */
export const noMethod = stub(async (request: Request): Promise<Response> => notFound(request.method, new URL(request.url).pathname));
