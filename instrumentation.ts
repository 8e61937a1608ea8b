/**
 * On server start: connect to the database (applying pending migrations) before the first request,
 * and start sweeping expired tokens on a schedule.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getDb } = await import('@/lib/db');
    await getDb();
    const { startSweeper } = await import('@/lib/auth/sweeper');
    startSweeper();
  }
}
