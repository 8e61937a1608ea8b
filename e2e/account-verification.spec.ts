import { expect, test } from '@playwright/test';
import { newAccount, signUp } from './support/accounts';
import { confirmationLink, confirmWithLink, mailMark, nextMailTo, VERIFY_SUBJECT } from './support/strict';

test('A signed-in member asks for a confirmation email from the account page and confirms their address', async ({ page }) => {
  const account = newAccount('account-verify');
  await signUp(page, account);

  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile.getByText('Not verified', { exact: true })).toBeVisible();
  const mark = mailMark();
  // Nothing was mailed at sign-up here, so nothing is offered "again".
  await profile.getByRole('button', { name: 'Send a verification email' }).click();
  await expect(profile.getByRole('status')).toHaveText(/We've sent a new link/);

  const link = confirmationLink(await nextMailTo(account.email, VERIFY_SUBJECT, mark));
  await confirmWithLink(page, link);
  await expect(page.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to your account' }).click();

  await expect(profile.getByText('Verified', { exact: true })).toBeVisible();
  await expect(profile.getByRole('button', { name: /verification email/ })).toHaveCount(0);
  const activity = page.getByRole('list', { name: /Recent activity/ });
  await expect(activity.getByText('Email address confirmed')).toBeVisible();
  await expect(activity.getByText('Confirmation email sent')).toBeVisible();
  await expect(activity.getByText('Account created')).toBeVisible();
});
