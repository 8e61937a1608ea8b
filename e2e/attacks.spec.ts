import { expect, test, type APIRequestContext } from '@playwright/test';
import { createAccount, linkIn, logIn, mailTo, newAccount, RESET_SUBJECT, submitLogin } from './support/accounts';

/** The hidden fields that name a page's server action (rendered for browsers without JavaScript). */
async function actionFields(request: APIRequestContext, path: string): Promise<Record<string, string>> {
  const html = await (await request.get(path)).text();
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input[^>]*name="(\$ACTION[^"]*)"[^>]*>/g)) {
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    fields[input[1]!] = value.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return fields;
}

test('A cross-site POST to any form action is refused with 403, Origin null included, and signs nobody in', async ({ request }) => {
  const account = newAccount('csrf');
  await createAccount(request, account);
  for (const path of ['/login', '/signup', '/forgot-password']) {
    const action = await actionFields(request, path);
    expect(Object.keys(action).length, path).toBeGreaterThan(0);
    for (const origin of ['https://evil.example', 'null']) {
      const response = await request.post(path, {
        headers: { origin },
        multipart: { ...action, identifier: account.email, email: account.email, password: account.password },
        maxRedirects: 0,
      });
      expect(response.status(), `${path} from ${origin}`).toBe(403);
      expect(response.headers()['set-cookie'] ?? '').not.toMatch(/latchkey-session/);
    }
  }
});

test('Pages carry a nonce-based Content-Security-Policy and the other security headers', async ({ request, page }) => {
  const response = await request.get('/login');
  const headers = response.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(headers['access-control-allow-origin']).toBeUndefined();
  const api = await request.get('/api/users/me', { headers: { origin: 'https://evil.example' } });
  expect(api.headers()['access-control-allow-origin']).toBeUndefined();

  // Two requests, two nonces; and the page's scripts still run under the policy.
  const again = (await request.get('/login')).headers()['content-security-policy'];
  expect(again).not.toBe(headers['content-security-policy']);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  await page.goto('/login');
  await page.getByLabel('Email or username').fill('someone@example.com');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('status')).toHaveText('Invalid email/username or password.');
  expect(errors).toEqual([]);
});

test('Signed-in pages are never cached, and a garbage or tampered session cookie just means signed out', async ({ page, context }) => {
  const account = newAccount('cookie');
  await createAccount(page.request, account);
  await logIn(page, account.email, account.password);
  const response = await page.request.get('/account');
  expect(response.headers()['cache-control']).toMatch(/no-store/);

  const [session] = (await context.cookies()).filter((c) => c.name.includes('latchkey-session'));
  expect(session).toBeDefined();
  for (const value of ['garbage', `${session!.value.slice(0, -4)}AAAA`, 'Fe26.2**a*b*c*d*e*f']) {
    await context.clearCookies();
    await context.addCookies([{ ...session!, value }]);
    const answer = await page.goto('/account');
    expect(answer?.status()).toBeLessThan(500);
    await expect(page).toHaveURL(/\/login\?(status=session-ended&)?next=/);
  }
});

test('Opening the emailed reset link twice spends nothing; the token leaves the URL and only the form uses it', async ({ page, request }) => {
  const account = newAccount('prefetch');
  await createAccount(request, account);
  await request.post('/api/users/reset', { data: { email: account.email } });
  const link = linkIn(await mailTo(account.email, RESET_SUBJECT), '/reset-password');

  // A mail scanner fetching the link:
  for (let i = 0; i < 2; i++) {
    const scanned = await request.get(link.toString(), { maxRedirects: 0 });
    expect(scanned.status()).toBe(303);
    expect(scanned.headers()['location']).toMatch(/\/reset-password$/);
    expect(scanned.headers()['referrer-policy']).toBe('no-referrer');
    expect(scanned.headers()['set-cookie']).toMatch(/HttpOnly/i);
  }

  await page.goto(link.toString());
  await expect(page).toHaveURL(/\/reset-password$/);
  await page.getByLabel('New password', { exact: true }).fill(`${account.password}-new`);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login\?status=password-reset$/);
});

test('A token sent in the query string of a mixed-case API path never comes back in a response header', async ({ request }) => {
  const account = newAccount('rewrite');
  await createAccount(request, account);
  const login = await request.post('/api/Users/Login', { data: { email: account.email, password: account.password } });
  expect(login.status()).toBe(200);
  const token = (await login.json()).id as string;
  const me = await request.get(`/api/Users/Me?access_token=${token}`);
  expect(me.status()).toBe(200);
  expect((await me.json()).email).toBe(account.email);
  expect(JSON.stringify(me.headers())).not.toContain(token);
  expect(me.headers()['cache-control']).toContain('no-store');
});

test('A session cookie replayed after a password change is signed out', async ({ browser }) => {
  const account = newAccount('replay');
  const first = await browser.newContext();
  const second = await browser.newContext();
  const a = await first.newPage();
  const b = await second.newPage();
  await createAccount(a.request, account);
  await logIn(a, account.email, account.password);
  await logIn(b, account.email, account.password);
  const stolen = (await second.cookies()).filter((c) => c.name.includes('latchkey-session'));

  await a.goto('/account');
  await a.getByRole('region', { name: 'Change password' }).getByLabel('Current password').fill(account.password);
  await a.getByLabel('New password', { exact: true }).fill(`${account.password}-changed`);
  await a.getByRole('button', { name: 'Change password' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'Your password has been changed.' })).toBeVisible();

  const thief = await browser.newContext();
  await thief.addCookies(stolen);
  const page = await thief.newPage();
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?(status=session-ended&)?next=/);
  await Promise.all([first.close(), second.close(), thief.close()]);
});

test('Logging in leaves this browser an HttpOnly device cookie, signed for the account, that outlives signing out', async ({ browser, request }) => {
  // What it is for (a lockout by someone else's failures does not reach this browser) is shown
  // over real requests in test/attacks/throttling.test.ts: here the journey's limits are
  // multiplied by 100, and locking an account would take 500 password checks.
  const account = newAccount('device');
  await createAccount(request, account);
  const owner = await browser.newContext();
  const page = await owner.newPage();
  await logIn(page, account.email, account.password);
  const device = (await owner.cookies()).find((c) => c.name.includes('latchkey-device'));
  expect(device).toBeDefined();
  expect(device!.httpOnly).toBe(true);
  expect(device!.value).toMatch(/^\d+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?status=signed-out$/);
  expect((await owner.cookies()).some((c) => c.name === device!.name)).toBe(true);
  // And the browser logs in again as before.
  await submitLogin(page, account.email, account.password);
  await expect(page).toHaveURL(/\/account$/);
  await owner.close();
});
