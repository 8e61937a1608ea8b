import 'server-only';
import { after } from 'next/server';

/**
 * Work handed over before its response has gone and not finished yet. A graceful shutdown waits
 * for it (`finishAfterResponseWork`): a reset link asked for just before a deploy is still made and
 * queued. Kept on globalThis, as lib/shutdown.ts's registry is, because Next.js may load this
 * module once per bundle while startup registers a single hook.
 */
const slot = Symbol.for('latchkey.after-response');
type Holder = { [slot]?: Set<Promise<void>> };

function unfinished(): Set<Promise<void>> {
  const holder = globalThis as Holder;
  return (holder[slot] ??= new Set());
}

/**
 * Runs work once the response has gone (mail, slow writes), so a client cannot time it. Outside a
 * Next request (route handlers called directly, as the tests do) there is no response to wait for,
 * and the work simply runs detached. It is lib/auth's `defer`: tasks reach it through `deferTask`,
 * which already catches and logs their failures.
 */
export function afterResponse(task: () => Promise<unknown>): void {
  // Counted from now, not from when it starts: the response may end (and a shutdown's drain with
  // it) before Next runs the task.
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const pending = unfinished();
  pending.add(settled);
  void settled.then(() => pending.delete(settled));
  const run = () => task().finally(settle);
  try {
    after(run);
  } catch {
    // Tasks come guarded (deferTask logs their failures); this only keeps a rejection unhandled nowhere.
    run().catch(() => undefined);
  }
}

/**
 * For the shutdown (lib/startup.ts): waits for the work handed to `afterResponse` that has not
 * finished, for at most `timeoutMs`; says how much there was, and how much it left unfinished.
 */
export async function finishAfterResponseWork(timeoutMs: number, log: (line: string) => void = console.log): Promise<void> {
  const pending = unfinished();
  if (pending.size === 0) return;
  log(`[latchkey] shutdown: finishing ${pending.size} task(s) begun by answered requests`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  await Promise.race([Promise.all(pending), timeout]);
  clearTimeout(timer);
  if (pending.size > 0)
    log(`[latchkey] shutdown: ${pending.size} task(s) begun by answered requests still running after ${timeoutMs / 1000} s; stopping anyway`);
}
