import { afterAll, inject } from 'vitest';
import { copyPgliteTemplate, createPostgresDatabase } from './databases';

// Runs before each test file, before it imports anything that reads the environment.
let cleanup: () => void | Promise<void>;
const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
if (process.env.TEST_DB === 'postgres' && adminUrl) {
  const db = await createPostgresDatabase(adminUrl, inject('postgresTemplate'));
  process.env.DATABASE_URL = db.url;
  cleanup = db.cleanup;
} else {
  const db = copyPgliteTemplate(inject('pgliteTemplate'));
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = db.dir;
  cleanup = db.cleanup;
}

afterAll(async () => {
  // A mail sender woken by the file's tests must stop before its database goes.
  const sender = (globalThis as { [key: symbol]: { stop(): Promise<void> } | undefined })[Symbol.for('latchkey.mailSender')];
  await sender?.stop();
  const { closeDb } = await import('@/lib/db');
  await closeDb();
  await cleanup();
});
