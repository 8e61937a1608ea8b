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

export interface AuthEvents {
  resetPasswordRequest: ResetPasswordRequest;
}

type Listener<K extends keyof AuthEvents> = (payload: AuthEvents[K]) => void | Promise<void>;

const listeners: { [K in keyof AuthEvents]: Set<Listener<K>> } = {
  resetPasswordRequest: new Set(),
};

/** `User.on(event, listener)`. Returns a function that removes the listener. */
export function on<K extends keyof AuthEvents>(event: K, listener: Listener<K>): () => void {
  listeners[event].add(listener);
  return () => off(event, listener);
}

export function off<K extends keyof AuthEvents>(event: K, listener: Listener<K>): void {
  listeners[event].delete(listener);
}

/**
 * Runs every listener and waits for them all. One failing listener is logged and does not stop
 * the others; the payload (it holds a token) is never logged.
 */
export async function emit<K extends keyof AuthEvents>(event: K, payload: AuthEvents[K]): Promise<void> {
  const results = await Promise.allSettled([...listeners[event]].map(async (listener) => listener(payload)));
  for (const result of results) {
    if (result.status === 'rejected') {
      console.error(`[latchkey] a ${event} listener failed: ${describeError(result.reason)}`);
    }
  }
}
