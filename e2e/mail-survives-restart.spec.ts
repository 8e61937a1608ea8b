import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createDatabase, maintenanceUrl } from '../test/databases';
import { linkIn, startSmtpSink } from '../test/smtp-sink';
import { databaseName } from './support/run';
import { freePort, SPEC_PORTS } from './support/servers';

/**
 * A real restart: a production server of the build Playwright's web server made (.next-e2e) is
 * asked for a reset while its SMTP server is down, killed with SIGKILL, started again, and the
 * SMTP server comes back: the mail arrives, once, and its link works. Its own server, database
 * and SMTP port, so the journeys' servers are not disturbed.
 */

const PORT = SPEC_PORTS.restart;
const BASE = `http://127.0.0.1:${PORT}`;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('A reset mail queued while SMTP is down survives a killed server and arrives once SMTP is back', async ({ request }) => {
  test.setTimeout(240_000);
  const SMTP_PORT = await freePort();
  const scratch = mkdtempSync(path.join(tmpdir(), 'latchkey-restart-'));
  const cleanups: (() => unknown)[] = [() => rmSync(scratch, { recursive: true, force: true })];
  let database: Record<string, string> = { PGLITE_DIR: path.join(scratch, 'pglite') };
  if (process.env.DATABASE_URL) {
    const created = await createDatabase(maintenanceUrl(process.env.DATABASE_URL), databaseName('_restart'));
    cleanups.push(created.cleanup);
    database = { DATABASE_URL: created.url };
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...database,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: '.next-e2e',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    APP_URL: BASE,
    // The same secret on both starts: the queued message is sealed under a key derived from it.
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
    MAIL_RETRY_DELAY: '1',
    MAIL_POLL_INTERVAL: '1',
  };
  const servers: ChildProcess[] = [];
  let output = '';
  const startServer = async () => {
    const server = spawn(process.execPath, ['server.mjs'], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    server.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    servers.push(server);
    await waitFor('the server answers', async () => {
      if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode})`);
      return fetch(`${BASE}/login`, { redirect: 'manual' }).then(
        () => true,
        () => false,
      );
    });
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
    await waitFor('a refused attempt', () => /mail \d+ \(resetPassword\) attempt 1 failed/.test(output));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
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
    for (const server of servers) if (server.exitCode === null) server.kill('SIGKILL');
    await Promise.all(servers.map((s) => (s.exitCode === null && s.signalCode === null ? new Promise((r) => s.once('exit', r)) : undefined)));
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
});
