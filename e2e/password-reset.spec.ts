import { expect, test } from '@playwright/test';
import { BASE_URL } from './support/run';
import { createAccount, linkIn, logIn, mailTo, newAccount, RESET_SUBJECT, submitLogin } from './support/accounts';

const SENT = /If an account exists for that address, we've sent a link/;

test('A forgotten password is reset from the emailed link; afterwards the old password fails and the new one works', async ({ page, request }) => {
  const account = newAccount('reset');
  const newPassword = `${account.password}-reset`;
  await createAccount(request, account);

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email address').fill(account.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(SENT);

  const mail = await mailTo(account.email, RESET_SUBJECT);
  const link = linkIn(mail, '/reset-password');
  expect(link.origin).toBe(BASE_URL);

  await page.goto(link.toString());
  // Opening the link spends nothing: the token moves into an HttpOnly cookie and leaves the
  // address bar, and this page sends at most our origin in a Referer.
  await expect(page).toHaveURL(/\/reset-password$/);
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'strict-origin');
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login\?status=password-reset$/);
  await expect(page.getByRole('status')).toHaveText(/Your password has been changed/);

  await submitLogin(page, account.email, account.password);
  await expect(page.getByRole('status')).toHaveText('Invalid email/username or password.');
  await logIn(page, account.email, newPassword);

  // The link worked once.
  await page.goto(link.toString());
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
});

test('Asking for a link for an unknown address gets the same answer', async ({ page }) => {
  await page.goto('/forgot-password');
  await page.getByLabel('Email address').fill(`nobody-${Date.now()}@example.com`);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(SENT);
});
