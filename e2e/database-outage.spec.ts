import { expect, test, type APIRequestContext } from '@playwright/test';
import { createDatabase, maintenanceUrl } from '../test/databases';
import { startTcpProxy } from '../test/tcp-proxy';
import { newAccount } from './support/accounts';
import { databaseName } from './support/run';
import { SPEC_PORTS, spawnSpecServer, type SpecServer } from './support/servers';

// A server of its own, from the journeys' build, whose database sits behind a proxy the journey
// can cut. Outages concern PostgreSQL only: PGlite lives inside the process.
const PORT = SPEC_PORTS.outage;
const ORIGIN = `http://localhost:${PORT}`;
const adminUrl = process.env.DATABASE_URL;

test.skip(!adminUrl, 'database outages concern PostgreSQL (set DATABASE_URL)');
// One port for the file's servers: one at a time.
test.describe.configure({ mode: 'serial' });

/** A production server of the journeys' build on PORT, with `settings` over the defaults. */
function startServer(settings: Record<string, string>): SpecServer {
  return spawnSpecServer(PORT, { APP_URL: ORIGIN, DATABASE_CONNECT_TIMEOUT: '2', THROTTLE_MULTIPLIER: '100', ...settings });
}

async function expectUnavailable(request: APIRequestContext, method: 'get' | 'post', url: string, data?: unknown): Promise<void> {
  const started = Date.now();
  const response = await request[method](url, { data, failOnStatusCode: false });
  // The connect timeout (2 s here), and room for a busy machine.
  expect(Date.now() - started).toBeLessThan(8_000);
  expect(response.status()).toBe(503);
  expect(response.headers()['retry-after']).toBe('5');
  expect(await response.json()).toEqual({
    error: { statusCode: 503, name: 'Error', message: 'The service is briefly unavailable. Try again shortly.', code: 'SERVICE_UNAVAILABLE' },
  });
}

test('A server started while the database is unreachable waits for it, answers "try again shortly" meanwhile, and serves once it is back', async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const database = await createDatabase(maintenanceUrl(adminUrl!), databaseName('_outage'));
  const target = new URL(database.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  await proxy.cut();

  const server = startServer({ DATABASE_URL: proxy.through(database.url) });

  try {
    // Up and live, though the database is not there: it waits for it instead of exiting.
    await expect
      .poll(async () => (await request.get(`${ORIGIN}/api/health`, { failOnStatusCode: false }).catch(() => null))?.status(), { timeout: 60_000 })
      .toBe(200);
    await expect.poll(server.output, { timeout: 30_000 }).toMatch(/\[latchkey\] database not reachable \(ECONNREFUSED\); retrying in \d+ s/);
    expect(server.exitCode()).toBeNull();
    await expectUnavailable(request, 'get', `${ORIGIN}/api/ready`);
    await expectUnavailable(request, 'post', `${ORIGIN}/api/users/login`, { email: 'nobody@example.com', password: 'Copper-kettle-1' });
    await expectUnavailable(request, 'post', `${ORIGIN}/api/users`, { email: 'nobody@example.com', password: 'Copper-kettle-1' });

    // A form says so and keeps the page.
    const account = newAccount('outage');
    const signUp = async () => {
      await page.goto(`${ORIGIN}/signup`);
      await page.getByLabel('Email address').fill(account.email);
      await page.getByLabel('Password', { exact: true }).fill(account.password);
      await page.getByRole('button', { name: 'Create account' }).click();
    };
    await signUp();
    await expect(page.getByText('Latchkey cannot reach its database just now, so nothing was changed. Please try again shortly.')).toBeVisible();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByLabel('Email address')).toHaveValue(account.email);
    // Without JavaScript the refused form comes back from the server: with the address typed, and
    // (as after any failed submission there) without the password.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    try {
      const noScript = await plain.newPage();
      await noScript.goto(`${ORIGIN}/signup`);
      await noScript.getByLabel('Email address').fill(account.email);
      await noScript.getByLabel('Password', { exact: true }).fill(account.password);
      await noScript.getByRole('button', { name: 'Create account' }).click();
      await expect(
        noScript.getByText('Latchkey cannot reach its database just now, so nothing was changed. Please try again shortly.'),
      ).toBeVisible();
      await expect(noScript.getByLabel('Email address')).toHaveValue(account.email);
      await expect(noScript.getByLabel('Password', { exact: true })).toHaveValue('');
    } finally {
      await plain.close();
    }

    // Back: served without a restart.
    await proxy.restore();
    await expect.poll(async () => (await request.get(`${ORIGIN}/api/ready`, { failOnStatusCode: false })).status(), { timeout: 30_000 }).toBe(200);
    await signUp();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();

    // Gone again while signed in: the page says to try again shortly, not that something broke.
    await proxy.cut();
    const started = Date.now();
    const answer = await page.reload();
    // 503 with Retry-After, as REST answers, though Next can only give a page's error a 500.
    expect(answer?.status()).toBe(503);
    expect(answer?.headers()['retry-after']).toBe('5');
    await expect(page.getByRole('heading', { name: 'Briefly unavailable' })).toBeVisible();
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(page.getByText('Something went wrong')).toHaveCount(0);
    await expectUnavailable(request, 'get', `${ORIGIN}/api/ready`);

    await proxy.restore();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
    expect(server.exitCode()).toBeNull();
    expect(server.output()).not.toMatch(/cannot start/);
  } finally {
    await server.stop();
    await proxy.close();
    await database.cleanup();
  }
});

test('What waiting cannot mend still stops the server at once, saying why: a bad setting, a database that does not exist', async () => {
  test.setTimeout(120_000);
  const target = new URL(adminUrl!);
  target.pathname = `/${databaseName('_missing')}`;
  for (const [settings, reason] of [
    [{ DATABASE_URL: target.toString(), DATABASE_CONNECT_TIMEOUT: 'soon' }, /cannot start: [^]*DATABASE_CONNECT_TIMEOUT/],
    [{ DATABASE_URL: target.toString() }, /cannot start: .*does not exist/],
  ] as const) {
    const server = startServer(settings);
    try {
      await expect.poll(() => server.exitCode(), { timeout: 60_000 }).toBe(1);
      expect(server.output()).toMatch(reason);
      expect(server.output()).not.toMatch(/retrying/);
    } finally {
      await server.stop();
    }
  }
});
