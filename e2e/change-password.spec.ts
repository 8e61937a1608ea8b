import { expect, test } from '@playwright/test';
import { expectSignedOut, logInElsewhere, newAccount, signUp, submitLogin } from './support/accounts';

test('Changing the password keeps this session, ends the others, and only the new password works', async ({ page, browser }) => {
  const account = newAccount('change');
  const newPassword = `${account.password}-new`;
  await signUp(page, account);
  const { context: other, page: otherPage } = await logInElsewhere(browser, account.email, account.password);

  await page.reload();
  await page.getByRole('region', { name: 'Change password' }).getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('region', { name: 'Change password' }).getByLabel('Current password')).toHaveAccessibleDescription(
    'That is not your current password.',
  );

  await page.getByRole('region', { name: 'Change password' }).getByLabel('Current password').fill(account.password);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password has been changed.' })).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue('');

  await expectSignedOut(otherPage);
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();

  await submitLoginFresh(otherPage, account.email, account.password);
  await expect(otherPage.getByRole('status')).toHaveText('Invalid email/username or password.');
  await submitLoginFresh(otherPage, account.email, newPassword);
  await expect(otherPage).toHaveURL(/\/account$/);
  await other.close();
});

async function submitLoginFresh(page: import('@playwright/test').Page, identifier: string, password: string) {
  await page.goto('/login');
  await submitLogin(page, identifier, password);
}
