import { expect, test } from '@playwright/test';
import { createAccount, linkIn, logIn, logInElsewhere, mailTo, newAccount, RESET_SUBJECT, signUp } from './support/accounts';

test('An unknown address gets a branded 404 page with its own title and a way home', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle('Page not found · Latchkey');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login');
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('The password can be shown and hidden again from the keyboard, and the meter judges it as the server will', async ({ page }) => {
  await page.goto('/signup');
  const password = page.getByLabel('Password', { exact: true });
  const toggle = page.getByRole('button', { name: 'Show password' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(toggle).toHaveAttribute('aria-controls', 'password');
  await expect(password).toHaveAttribute('type', 'password');
  await expect(password).toHaveAccessibleDescription(/At least 8 characters.*At most 72 bytes/);

  await password.fill('kestrel');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(password).toHaveAttribute('type', 'text');
  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(password).toHaveAttribute('type', 'password');

  const rules = page.locator('#password-rules li');
  await expect(rules.nth(0)).toHaveAttribute('data-state', 'unmet');
  // A common password: long enough, but the meter says what the server would say.
  await password.fill('password123');
  await expect(rules.nth(0)).toHaveAttribute('data-state', 'met');
  await expect(rules.nth(2)).toHaveAttribute('data-state', 'unmet');
  await expect(page.getByText(/^Strength: Too easy to guess/)).toBeVisible();

  // Built from the address typed above it: refused, as the server refuses it.
  await page.getByLabel('Email address').fill('marmalade.sandwich@example.com');
  await password.fill('marmaladesandwich');
  await expect(rules.nth(2)).toHaveAttribute('data-state', 'unmet');

  await password.fill('Copper-kettle-on-a-quiet-hill');
  await expect(rules.nth(2)).toHaveAttribute('data-state', 'met');
  await expect(page.getByText(/^Strength: (Good|Strong)/)).toBeVisible();
});

test('The reset page names the account the link is for and offers it to password managers', async ({ page, request }) => {
  const account = newAccount('reset-names');
  await createAccount(request, account);
  expect((await request.post('/api/users/reset', { data: { email: account.email } })).status()).toBe(204);
  await page.goto(linkIn(await mailTo(account.email, RESET_SUBJECT), '/reset-password').toString());
  await expect(page).toHaveTitle('Choose a new password · Latchkey');
  await expect(page.getByText(`For ${account.username}.`)).toBeVisible();
  await expect(page.locator('input[autocomplete="username"]')).toHaveValue(account.username);
  await expect(page.getByRole('button', { name: 'Show password' })).toBeVisible();
});

test.describe('in Paris', () => {
  test.use({
    timezoneId: 'Europe/Paris',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  });

  test("Sessions name their browser, address and times in the viewer's zone, and logging one out puts focus on the news", async ({
    page,
    browser,
  }) => {
    const account = newAccount('sessions-ui');
    await signUp(page, account);
    const firefoxOnLinux = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0' };
    const { context: other } = await logInElsewhere(browser, account.email, account.password, firefoxOnLinux);

    await page.reload();
    const sessions = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
    await expect(sessions).toHaveCount(2);
    const here = sessions.filter({ hasText: 'This device' });
    await expect(here).toContainText('Chrome on macOS');
    await expect(here).toContainText(/Signed in \d{1,2} \w{3} \d{4}, \d{2}:\d{2} (CET|CEST|GMT\+1|GMT\+2)/);
    await expect(here).toContainText(/from (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);
    const firefox = sessions.filter({ hasText: 'Firefox on Linux' });
    await expect(firefox).toBeVisible();

    await firefox.getByRole('button', { name: /^Log out Firefox on Linux/ }).click();
    const news = page.getByRole('status').filter({ hasText: 'That session has been logged out.' });
    await expect(news).toBeVisible();
    await expect(sessions).toHaveCount(1);
    await expect(page.locator(':focus')).toContainText('That session has been logged out.');
    await other.close();
  });
});

test('The account page has an in-page menu and keeps older activity behind "show more"', async ({ page }) => {
  const account = newAccount('menu');
  await signUp(page, account);
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await logIn(page, account.email, account.password);
  }
  const menu = page.getByRole('navigation', { name: 'On this page' });
  await menu.getByRole('link', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/#password-title$/);
  await expect(page.getByRole('list', { name: 'Recent activity, newest first' }).getByRole('listitem')).toHaveCount(5);
  const older = page.getByRole('list', { name: 'Older activity, newest first' });
  await expect(older).toBeHidden();
  await page.getByText(/^Show \d+ older events?$/).click();
  await expect(older.getByRole('listitem').first()).toBeVisible();
});
