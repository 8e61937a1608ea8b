import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createDatabase, maintenanceUrl } from '../test/databases';
import { linkIn, startSmtpSink } from '../test/smtp-sink';
import { databaseName } from './support/run';
import { freePort, SPEC_PORTS, startSpecServer, type SpecServer } from './support/servers';

/**
 * A real restart: a production server of the build Playwright's web server made (.next-e2e) is
 * asked for a reset while its SMTP server is down, killed with SIGKILL, started again, and the
 * SMTP server comes back: the mail arrives, once, and its link works. Its own server, database
 * and SMTP port, so the journeys' servers are not disturbed.
 */

const PORT = SPEC_PORTS.restart;
const BASE = `http://127.0.0.1:${PORT}`;

test('A reset mail queued while SMTP is down survives a killed server and arrives once SMTP is back', async ({ request }) => {
  test.setTimeout(240_000);
  const SMTP_PORT = await freePort();
  const scratch = mkdtempSync(path.join(tmpdir(), 'latchkey-restart-'));
  const cleanups: (() => unknown)[] = [() => rmSync(scratch, { recursive: true, force: true })];
  // One database for both starts.
  let database: Record<string, string> = { PGLITE_DIR: path.join(scratch, 'pglite') };
  if (process.env.DATABASE_URL) {
    const created = await createDatabase(maintenanceUrl(process.env.DATABASE_URL), databaseName('_restart'));
    cleanups.push(created.cleanup);
    database = { DATABASE_URL: created.url };
  }
  const settings = {
    ...database,
    // The same secret on both starts: the queued message is sealed under a key derived from it.
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
    MAIL_RETRY_DELAY: '1',
    MAIL_POLL_INTERVAL: '1',
  };
  const servers: SpecServer[] = [];
  const startServer = async () => {
    const server = await startSpecServer(PORT, settings);
    servers.push(server);
    return server;
  };
  try {
    // Nothing listens on the SMTP port yet: the SMTP server is down.
    const first = await startServer();
    const email = `restart-${randomBytes(4).toString('hex')}@example.com`;
    const password = `restart-${randomBytes(8).toString('hex')}`;
    expect((await request.post(`${BASE}/api/users`, { data: { email, password } })).status()).toBe(200);
    expect((await request.post(`${BASE}/api/users/reset`, { data: { email } })).status()).toBe(204);
    // The sender has tried, been refused, and set the next try (0.5 to 1 s away): kill it now.
    await first.printed(/mail \d+ \(resetPassword\) attempt 1 failed/, 1, 60_000);
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    const sink = await startSmtpSink({ port: SMTP_PORT });
    cleanups.push(() => sink.close());
    await startServer();

    const mail = await sink.waitForMail(email, { subject: 'Reset your', timeoutMs: 60_000 });
    const token = linkIn(mail, '/reset-password').searchParams.get('access_token');
    expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
    const reset = await request.post(`${BASE}/api/users/reset-password`, {
      headers: { authorization: token! },
      data: { newPassword: `${password}-new` },
    });
    expect(reset.status()).toBe(204);
    // Once: a second copy would come within a few polls.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(sink.messages.filter((m) => m.to.includes(email) && m.subject.includes('Reset your'))).toHaveLength(1);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
});
