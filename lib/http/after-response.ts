import 'server-only';
import { after } from 'next/server';

/**
 * Runs work once the response has gone (mail, slow writes), so a client cannot time it. Outside a
 * Next request (route handlers called directly, as the tests do) there is no response to wait for,
 * and the work simply runs detached. It is lib/auth's `defer`: tasks reach it through `deferTask`,
 * which already catches and logs their failures.
 */
export function afterResponse(task: () => Promise<unknown>): void {
  try {
    after(task);
  } catch {
    void task();
  }
}
