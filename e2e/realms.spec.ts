import { expect, test } from '@playwright/test';
import { newAccount } from './support/accounts';
import { STRICT_BASE_URL } from './support/run';
import { createConfirmedAccount, submitRealmLogin } from './support/strict';

// The server where accounts live in realms (REALM_DELIMITER ':'), and addresses are confirmed first.
test.use({ baseURL: STRICT_BASE_URL });

test('A member logs in with the realm field, and not without it or in another realm', async ({ page, request }) => {
  const account = newAccount('realm');
  await createConfirmedAccount(request, account, 'north');

  await page.goto('/login');
  await submitRealmLogin(page, account.email, account.password);
  await expect(page.getByLabel('Realm')).toHaveAccessibleDescription(/Enter your realm, or put it before your email or username/);

  await submitRealmLogin(page, account.email, account.password, 'south');
  await expect(page.getByRole('status')).toHaveText('Invalid email/username or password.');

  await submitRealmLogin(page, account.username, account.password, 'north');
  await expect(page).toHaveURL(/\/account$/);
});

test('A member logs in by typing the realm before the email address', async ({ page, request }) => {
  const account = newAccount('prefix');
  await createConfirmedAccount(request, account, 'west');

  await page.goto('/login');
  await expect(page.getByLabel('Realm')).toHaveAccessibleDescription(/type it before your email or username, like team:name@example.com/);
  await submitRealmLogin(page, `west:${account.email}`, account.password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
});
