import { expect, test } from '@playwright/test';
import { newAccount, signUp } from './support/accounts';

test('A visitor who picks a common password is told why, once for each, and signs up with a better one', async ({ page }) => {
  const account = newAccount('common');
  await page.goto('/signup');
  for (const common of ['welcome1', 'mustang1', 'serenity', 'Password1!', 'Qwerty123!']) {
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(common);
    await page.getByRole('button', { name: 'Create account' }).click();
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(password).toHaveAccessibleDescription(/commonly used password/i);
    await expect(password).toHaveValue(common);
    await expect(page).toHaveURL(/\/signup/);
  }
  await signUp(page, account);
});
