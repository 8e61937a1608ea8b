import { expect, test, type Page } from '@playwright/test';
import { createAccount, newAccount } from './support/accounts';
import { STRICT_BASE_URL } from './support/run';

/** Collects what would show that the page broke or that the policy blocked something. */
function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`answer ${response.status()}: ${new URL(response.url()).pathname}`);
  });
  return { problems };
}

/** The operation block for `method path`, opened. */
async function openOperation(page: Page, method: string, path: string) {
  const block = page.locator(`.opblock-${method}`).filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
  await block.locator('.opblock-summary').click();
  return block;
}

test('A developer opens the API explorer, logs in from it and reads their own account, under the strict policy', async ({ page, request }) => {
  const account = newAccount('explorer');
  await createAccount(request, account);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const { problems } = watch(page);

  const response = await page.goto('/explorer');
  expect(response?.status()).toBe(200);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);

  await expect(page.getByRole('heading', { name: /Latchkey/ })).toBeVisible();
  // Every script the page runs came from this origin.
  const scripts = await page.locator('script[src]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).src));
  expect(scripts.length).toBeGreaterThan(0);
  for (const src of scripts) expect(new URL(src).origin).toBe(new URL(page.url()).origin);

  // Log in from the explorer.
  const login = await openOperation(page, 'post', '/api/users/login');
  await login.locator('textarea.body-param__text').fill(JSON.stringify({ email: account.email, password: account.password }));
  await login.getByRole('button', { name: 'Execute' }).click();
  await expect(login.locator('.live-responses-table tbody .response-col_status').first()).toHaveText(/200/);
  await expect(login.locator('.live-responses-table tbody .response-col_description')).toContainText('"userId"');

  // The explorer now sends that token: read /me.
  const me = await openOperation(page, 'get', '/api/users/{id}');
  await me.getByRole('button', { name: 'Execute' }).click();
  await expect(me.locator('.live-responses-table tbody .response-col_status').first()).toHaveText(/200/);
  await expect(me.locator('.live-responses-table tbody .response-col_description')).toContainText(account.email);

  // Logging out from the explorer forgets the token: /me is anonymous again.
  const logout = await openOperation(page, 'post', '/api/users/logout');
  await logout.getByRole('button', { name: 'Execute' }).click();
  await expect(logout.locator('.live-responses-table tbody .response-col_status').first()).toHaveText(/204/);
  await me.getByRole('button', { name: 'Execute' }).click();
  await expect(me.locator('.live-responses-table tbody .response-col_status').first()).toHaveText(/401/);

  // The token never went to storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toMatch(/[A-Za-z0-9]{64}/);

  // The anonymous /me above is the one failure expected.
  expect(problems.sort()).toEqual([
    'answer 401: /api/users/me',
    'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)',
  ]);
});

test('The explorer cannot be pointed at another description through its address', async ({ page }) => {
  const { problems } = watch(page);
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).hostname === 'evil.example') elsewhere.push(request.url());
  });
  await page.goto('/explorer?url=https://evil.example/openapi.json&configUrl=https://evil.example/config.json#/User/User.login');
  await expect(page.getByRole('heading', { name: /Latchkey/ })).toBeVisible();
  await expect(page.locator('.opblock-summary-path[data-path="/api/users/login"]')).toBeVisible();
  expect(elsewhere).toEqual([]);
  expect(problems).toEqual([]);
});

test('The explorer is off in production unless API_EXPLORER turns it on; the description stays', async ({ request }) => {
  // The strict server runs the production build with API_EXPLORER unset.
  for (const path of ['/explorer', '/explorer/swagger-ui-bundle.js', '/explorer/explorer.js']) {
    expect((await request.get(`${STRICT_BASE_URL}${path}`)).status(), path).toBe(404);
  }
  const description = await request.get(`${STRICT_BASE_URL}/api/openapi.json`);
  expect(description.status()).toBe(200);
  expect((await description.json()).openapi).toBe('3.1.0');
  // Where it is on, it serves only its own files.
  expect((await request.get('/explorer/swagger-ui.css')).status()).toBe(200);
  for (const path of ['/explorer/package.json', '/explorer/index.html', '/explorer/..%2Fpackage.json', '/explorer/swagger-ui-bundle.js.map']) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
});
