import { expect, test } from '@playwright/test';
import { BASE_URL } from './support/run';
import { createAccount, newAccount, submitLogin } from './support/accounts';

for (const unsafe of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
  test(`An unsafe next parameter (${unsafe}) is ignored and the visitor lands on their account`, async ({ page, request }) => {
    const account = newAccount('next');
    await createAccount(request, account);
    await page.goto(`/login?next=${encodeURIComponent(unsafe)}`);
    await submitLogin(page, account.email, account.password);
    await expect(page).toHaveURL(`${BASE_URL}/account`);
  });
}

test('A local next parameter brings the visitor back where they were going', async ({ page, request }) => {
  const account = newAccount('next-local');
  await createAccount(request, account);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=/);
  await submitLogin(page, account.username, account.password);
  await expect(page).toHaveURL(`${BASE_URL}/account`);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?status=signed-out/);
  await page.goto(`/login?next=${encodeURIComponent('/?from=login')}`);
  await submitLogin(page, account.username, account.password);
  await expect(page).toHaveURL(`${BASE_URL}/?from=login`);
});
