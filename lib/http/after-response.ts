import 'server-only';
import { after } from 'next/server';

/**
 * Runs work once the response has gone (mail, slow writes), so a client cannot time it. Outside a
 * Next request (route handlers called directly, as the tests do) there is no response to wait for,
 * and the work simply runs detached.
 */
export function afterResponse(task: () => Promise<unknown>): void {
  const run = () =>
    task().catch((error: unknown) => {
      console.error(`[latchkey] background task failed: ${error instanceof Error ? error.message : 'unknown error'}`);
    });
  try {
    after(run);
  } catch {
    void run();
  }
}
