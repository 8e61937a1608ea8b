/** Connects to the database (applying pending migrations) when the server starts, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getDb } = await import('@/lib/db');
    await getDb();
  }
}
