import { expect, test } from '@playwright/test';
import { createAccount, expectSignedOut, logIn, newAccount, signUp, submitLogin } from './support/accounts';

test('A new visitor signs up, signs out, and logs back in with their username', async ({ page }) => {
  const account = newAccount('signup');
  await page.goto('/');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/signup$/);

  await signUp(page, account);
  await expect(page.getByText(account.email)).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'This device' })).toHaveCount(1);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?status=signed-out$/);
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  await expectSignedOut(page);

  await logIn(page, account.username, account.password);
  await expect(page.getByText(`Signed in as ${account.username}`)).toBeVisible();
});

test('Signing up reports every problem at once and keeps what was typed', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Email address').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();

  const email = page.getByLabel('Email address');
  const password = page.getByLabel('Password', { exact: true });
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/valid email address/);
  await expect(password).toHaveAccessibleDescription(/at least 8 characters/i);
  await expect(email).toHaveValue('not-an-email');
  // The form keeps its own state with JavaScript, the password included; the server never echoes it.
  await expect(password).toHaveValue('short');
});

test('A wrong password shows the generic error, the same as for an unknown account', async ({ page, request }) => {
  const account = newAccount('wrong');
  await createAccount(request, account);

  await page.goto('/login');
  await submitLogin(page, account.email, 'not-the-password');
  await expect(page.getByRole('status')).toHaveText('Invalid email/username or password.');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('not-the-password');

  await submitLogin(page, `nobody-${account.username}@example.com`, 'not-the-password');
  await expect(page.getByRole('status')).toHaveText('Invalid email/username or password.');
  await expectSignedOut(page);
});

test('Signed-in visitors skip the login and sign-up pages; anonymous visitors to the account page are asked to log in', async ({ page }) => {
  await expectSignedOut(page);

  const account = newAccount('redirects');
  await signUp(page, account);
  await page.goto('/login');
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/signup');
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Go to your account' })).toBeVisible();
});
