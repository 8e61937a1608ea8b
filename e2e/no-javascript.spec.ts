import { expect, test } from '@playwright/test';
import { BASE_URL } from './support/run';
import { expectSignedOut, linkIn, mailTo, newAccount, RESET_SUBJECT, submitLogin } from './support/accounts';

test.use({ javaScriptEnabled: false });

test('Without JavaScript, a visitor signs up, manages sessions, changes password, signs out and logs back in', async ({ page, request }) => {
  const account = newAccount('nojs');
  const newPassword = `${account.password}-nojs`;

  await page.goto('/signup');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(/at least 8 characters/i);
  await expect(page.getByLabel('Email address')).toHaveValue(account.email);

  await page.getByLabel('Username (optional)').fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);

  // A second session, from a REST client.
  const login = await request.post('/api/users/login', { data: { email: account.email, password: account.password } });
  expect(login.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Sessions' }).getByRole('listitem')).toHaveCount(2);
  // Without JavaScript the confirmation is a disclosure: open it, then confirm.
  await page.getByText('Log out everywhere else…').click();
  await page.getByRole('button', { name: 'Yes, log out 1 other session' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Every other session has been logged out.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Sessions' }).getByRole('listitem')).toHaveCount(1);
  const me = await request.get('/api/users/me', { headers: { authorization: (await login.json()).id } });
  expect(me.status()).toBe(401);

  await page.getByRole('region', { name: 'Change password' }).getByLabel('Current password').fill(account.password);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password has been changed.' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?status=signed-out$/);
  await submitLogin(page, account.username, account.password);
  await expect(page.getByRole('status')).toHaveText('Invalid email/username or password.');
  await submitLogin(page, account.username, newPassword);
  await expect(page).toHaveURL(`${BASE_URL}/account`);
});

test('Without JavaScript, a forgotten password is reset from the emailed link', async ({ page, request }) => {
  const account = newAccount('nojs-reset');
  const newPassword = `${account.password}-again`;
  const created = await request.post('/api/users', { data: { email: account.email, password: account.password } });
  expect(created.status()).toBe(200);

  await page.goto('/forgot-password');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(/If an account exists for that address, we've sent a link/);

  await page.goto(linkIn(await mailTo(account.email, RESET_SUBJECT), '/reset-password').toString());
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/at least 8 characters/i);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login\?status=password-reset$/);

  await submitLogin(page, account.email, newPassword);
  await expect(page).toHaveURL(`${BASE_URL}/account`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectSignedOut(page);
});
