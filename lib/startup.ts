import 'server-only';
import { onShutdown, SHUTDOWN_STAGE } from '@/lib/shutdown';

const RETRY_DELAYS = [1, 2, 4, 8, 15];

/** What a worker of server.mjs's cluster sends the primary when it cannot start (server.mjs keeps a copy: a test checks). */
export const CANNOT_START_MESSAGE = 'latchkey:cannot-start';

function fail(error: unknown): void {
  // The whole message: a settings error lists every variable that is wrong, one per line.
  console.error(`[latchkey] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  // A worker of server.mjs's cluster tells the primary first, which then stops the server instead
  // of replacing a process that would fail the same way again.
  if (!process.send) process.exit(1);
  const exit = () => process.exit(1);
  setTimeout(exit, 2000);
  process.send(CANNOT_START_MESSAGE, undefined, {}, exit);
}

/**
 * Connects to the database (applying pending migrations), waiting for as long as it takes while
 * it cannot be reached: a database that starts after Latchkey, or is restarting, is an ordinary
 * moment in a deployment, and `/api/ready` tells the orchestrator meanwhile (docs/decisions/026).
 * Anything else (wrong password, a failed migration) is a fault that waiting will not mend.
 */
async function connectDatabase(): Promise<void> {
  const { getDb } = await import('@/lib/db');
  const { databaseUnavailableCode } = await import('@/lib/db/unavailable');
  for (let attempt = 0; ; attempt++) {
    try {
      await getDb();
      if (attempt > 0) console.log('[latchkey] database reachable; ready');
      return;
    } catch (error) {
      const code = databaseUnavailableCode(error);
      if (code === undefined) throw error;
      const delay = RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length - 1)] ?? 15;
      console.error(`[latchkey] database not reachable (${code}); retrying in ${delay} s`);
      await new Promise((resolve) => setTimeout(resolve, delay * 1000));
    }
  }
}

/**
 * Server start (instrumentation.ts): validate the settings, then connect to the database and
 * start the sweeper and the mail sender. A settings error stops the server at once: it must not limp on answering
 * 500s. The database is awaited in the background, so the server listens meanwhile: `/api/health`
 * answers, `/api/ready` and everything that needs the database answer 503 until it is there.
 */
export async function startServer(): Promise<void> {
  try {
    const { env } = await import('@/lib/env');
    const { closeHashPool } = await import('@/lib/auth/hash-pool');
    const { closeDb } = await import('@/lib/db');
    const { startSweeper, stopSweeper } = await import('@/lib/auth/sweeper');
    const { startMailSender, stopMailSender } = await import('@/lib/email/sender');
    const { finishAfterResponseWork } = await import('@/lib/http/after-response');
    onShutdown('sweeper', SHUTDOWN_STAGE.work, async () => stopSweeper());
    // What answered requests handed on (a reset link's token and mail, an audit event) still needs
    // the database: it finishes before the pools close.
    onShutdown('work after responses', SHUTDOWN_STAGE.work, () => finishAfterResponseWork(env.SHUTDOWN_TIMEOUT * 1000));
    // Stops claiming and finishes the message in hand; what is left waits in the table.
    onShutdown('mail sender', SHUTDOWN_STAGE.work, stopMailSender);
    onShutdown('hash pool', SHUTDOWN_STAGE.resources, closeHashPool);
    onShutdown('database', SHUTDOWN_STAGE.database, closeDb);
    void connectDatabase()
      .then(() => {
        startSweeper();
        // Mail queued before a restart, or by a process that died, goes out from here on.
        startMailSender();
      })
      .catch(fail);
  } catch (error) {
    fail(error);
  }
}
