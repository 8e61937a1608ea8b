// `npm run db:migrate`: connect (which applies pending migrations) and exit.
import { closeDb, getDb } from './client';
import { env } from '@/lib/env';

await getDb();
await closeDb();
console.log(`Migrations applied (${env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${env.PGLITE_DIR}`}).`);
