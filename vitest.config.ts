import path from 'node:path';
import { defineConfig } from 'vitest/config';
import type { TestProjectInlineConfiguration } from 'vitest/config';

// The database CI provides; each test file gets its own database created from it.
const adminUrl = process.env.DATABASE_URL;

const shared = {
  resolve: { alias: { '@': path.resolve(import.meta.dirname), 'server-only': path.resolve(import.meta.dirname, 'test/empty.ts') } },
};

function project(name: 'pglite' | 'postgres'): TestProjectInlineConfiguration {
  return {
    ...shared,
    test: {
      name,
      include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'emails/**/*.test.ts*', 'test/**/*.test.ts'],
      globalSetup: ['test/global-setup.ts'],
      setupFiles: ['test/setup-db.ts'],
      env: {
        TEST_DB: name,
        ...(adminUrl && { TEST_ADMIN_DATABASE_URL: adminUrl }),
        DATABASE_URL: '',
        NODE_ENV: 'test',
        // Cheap hashes keep the suite fast; tests that measure timing set their own cost.
        BCRYPT_COST: '4',
        APP_URL: 'http://latchkey.test',
        // Other suites must not trip the limits; the throttling tests set 1 and run at the real defaults.
        THROTTLE_MULTIPLIER: '1000',
        // What server.mjs would set; tests pass client addresses with `call(…, { peer })`.
        LATCHKEY_PEER_KEY: 'test-peer-key-0123456789',
        // A mail refused by a test's SMTP sink comes back within a second or two.
        MAIL_RETRY_DELAY: '1',
      },
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  ...shared,
  test: {
    projects: adminUrl ? [project('pglite'), project('postgres')] : [project('pglite')],
  },
});
