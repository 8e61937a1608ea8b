/** The bench's PostgreSQL database, made and dropped with the same helpers as the tests'. */
import { createDatabase, randomDatabaseName, withAdmin } from '../test/databases';
import { config } from './config';
import { onCleanup } from './processes';

/** PostgreSQL backends serving a database; their CPU is part of what a request costs. */
export async function backendPids(database: string): Promise<number[]> {
  const rows = await withAdmin(config.adminUrl, (sql) => sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`);
  return rows.map((r) => r.pid);
}

/** A fresh, empty database for this run (the app migrates it at start-up), dropped on the way out. */
export async function createBenchDatabase(): Promise<{ url: string; name: string }> {
  const name = randomDatabaseName('latchkey_bench');
  const database = await createDatabase(config.adminUrl, name);
  onCleanup(`database ${name}`, database.cleanup);
  return { url: database.url, name };
}
