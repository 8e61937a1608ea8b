import { expect, test } from '@playwright/test';
import { expectSignedOut, logInElsewhere, newAccount, signUp } from './support/accounts';

test('Signing out ends the session, even when the old cookie is sent again', async ({ page, context }) => {
  await signUp(page, newAccount('replay'));
  const cookies = await context.cookies();
  expect(cookies.length).toBeGreaterThan(0);
  const session = cookies.find((c) => c.name.endsWith('latchkey-session'));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  await context.addCookies(cookies);
  await expectSignedOut(page);
});

test('"Log out everywhere else" ends the session in another browser and keeps this one', async ({ page, browser }) => {
  const account = newAccount('everywhere');
  await signUp(page, account);

  const { context: other, page: otherPage } = await logInElsewhere(browser, account.email, account.password);

  await page.reload();
  const sessions = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  // It asks first: opening the disclosure ends nothing yet.
  await page.getByText('Log out everywhere else…').click();
  await expect(sessions).toHaveCount(2);
  await page.getByRole('button', { name: 'Yes, log out 1 other session' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Every other session has been logged out.' })).toBeVisible();
  await expect(sessions).toHaveCount(1);

  await expectSignedOut(otherPage);
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await other.close();
});

test('Logging out one session from the account page ends just that session', async ({ page, browser }) => {
  const account = newAccount('one-session');
  await signUp(page, account);
  const { context: other, page: otherPage } = await logInElsewhere(browser, account.username, account.password);

  await page.reload();
  const otherSession = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').filter({ hasNotText: 'This device' });
  await otherSession.getByRole('button', { name: /^Log out/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'That session has been logged out.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Sessions' }).getByRole('listitem')).toHaveCount(1);

  await expectSignedOut(otherPage);
  await other.close();
});
