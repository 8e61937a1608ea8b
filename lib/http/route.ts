import 'server-only';
import '@/lib/auth-setup';
import { HashPoolBusyError } from '@/lib/auth/hash-pool';
import { AUTHORIZATION_REQUIRED } from '@/lib/auth/result';
import { serviceUnavailable } from '@/lib/auth/throttle';
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

/** Wraps a route handler: any surprise becomes LoopBack's bare 500 envelope, never a stack. */
export function route<C = unknown>(handler: Handler<C>): Handler<C> {
  const wrapped: Handler<C> = async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      // Every hashing worker busy and the queue full (a sign-up or reset during a flood): ask the
      // client to come back rather than report a fault.
      if (error instanceof HashPoolBusyError) return errorResponse(serviceUnavailable(1));
      console.error(`[latchkey] ${request.method} ${new URL(request.url).pathname} failed: ${describeError(error)}`);
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
