import { describeError } from '@/lib/log';
import type { IssuedToken } from './access-tokens';
import type { UserJSON } from './user-records';

/** LoopBack's `resetPasswordRequest` payload, so listeners written for it port unchanged. */
export interface ResetPasswordRequest {
  email: string;
  accessToken: IssuedToken;
  user: UserJSON;
  options: { email: string; realm?: string };
}

/**
 * The hooks the core calls out to, LoopBack's `User.on(…)` events (not the audit trail, which is
 * `./audit`'s `authEvents` table).
 */
export interface AuthHooks {
  resetPasswordRequest: ResetPasswordRequest;
}

type Listener<K extends keyof AuthHooks> = (payload: AuthHooks[K]) => void | Promise<void>;

const listeners: { [K in keyof AuthHooks]: Set<Listener<K>> } = {
  resetPasswordRequest: new Set(),
};

/** `User.on(event, listener)`. Returns a function that removes the listener. */
export function on<K extends keyof AuthHooks>(event: K, listener: Listener<K>): () => void {
  listeners[event].add(listener);
  return () => off(event, listener);
}

export function off<K extends keyof AuthHooks>(event: K, listener: Listener<K>): void {
  listeners[event].delete(listener);
}

/**
 * Runs every listener and waits for them all. One failing listener is logged and does not stop
 * the others; the payload (it holds a token) is never logged.
 */
export async function emit<K extends keyof AuthHooks>(event: K, payload: AuthHooks[K]): Promise<void> {
  const results = await Promise.allSettled([...listeners[event]].map(async (listener) => listener(payload)));
  for (const result of results) {
    if (result.status === 'rejected') {
      console.error(`[latchkey] a ${event} listener failed: ${describeError(result.reason)}`);
    }
  }
}
