import 'server-only';
import { onShutdown, SHUTDOWN_STAGE } from '@/lib/shutdown';

/**
 * Server start (instrumentation.ts): validate the settings, connect to the database (applying
 * pending migrations) before the first request, and start the sweeper and the mail sender. If any of that fails the
 * server must not limp on answering 500s: it says why and exits.
 */
export async function startServer(): Promise<void> {
  try {
    const { getDb } = await import('@/lib/db');
    await getDb();
    const { startSweeper, stopSweeper } = await import('@/lib/auth/sweeper');
    startSweeper();
    // Mail queued before a restart, or by a process that died, goes out from here on.
    const { startMailSender, stopMailSender } = await import('@/lib/email/sender');
    startMailSender();
    const { closeHashPool } = await import('@/lib/auth/hash-pool');
    const { closeDb } = await import('@/lib/db');
    onShutdown('sweeper', SHUTDOWN_STAGE.work, async () => stopSweeper());
    // Stops claiming and finishes the message in hand; what is left waits in the table.
    onShutdown('mail sender', SHUTDOWN_STAGE.work, stopMailSender);
    onShutdown('hash pool', SHUTDOWN_STAGE.resources, closeHashPool);
    onShutdown('database', SHUTDOWN_STAGE.database, closeDb);
  } catch (error) {
    // The whole message: a settings error lists every variable that is wrong, one per line.
    console.error(`[latchkey] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
