import { describeError } from '@/lib/log';

/** Who is asking: filled in by the front door (REST handler or server action), never by lib/auth. */
export interface RequestContext {
  sourceAddress?: string | null;
  userAgent?: string | null;
  /**
   * Runs work once the response has gone (mail), so its time never shows in the answer. The
   * front door supplies it; without one the work simply runs detached.
   */
  defer?: (task: () => Promise<unknown>) => void;
}

/** Hands `task` to the front door's `defer`, or runs it detached, logging a failure either way. */
export function deferTask(context: RequestContext, task: () => Promise<unknown>): void {
  const guarded = () =>
    task().catch((error: unknown) => {
      console.error(`[latchkey] background task failed: ${describeError(error)}`);
    });
  if (context.defer) context.defer(guarded);
  else void guarded();
}
