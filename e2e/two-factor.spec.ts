import { expect, test, type Page } from '@playwright/test';
import { createAccount, linkIn, logIn, mailTo, newAccount, RESET_SUBJECT, submitLogin } from './support/accounts';
import { codeFor } from './support/two-factor';

async function signOut(page: Page): Promise<void> {
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?status=signed-out$/);
}

/** Turns two-factor on from the account page; returns the manual key and the recovery codes shown. */
async function turnOn(page: Page, password: string): Promise<{ key: string; codes: string[] }> {
  await page.goto('/account');
  const card = page.getByRole('region', { name: 'Two-factor authentication' });
  await expect(card).toContainText('Off');
  await card.getByRole('link', { name: 'Set up two-factor authentication' }).click();
  await expect(page).toHaveURL(/\/account\/two-factor$/);
  await page.getByLabel('Current password').fill(password);
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();

  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const key = (await page.locator('.manual-key').innerText()).replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  // A wrong code first: it says so and nothing is turned on.
  await page.getByLabel('Code from the app').fill(codeFor(key) === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(page.getByText("That code didn't work.")).toBeVisible();

  await page.getByLabel('Code from the app').fill(codeFor(key));
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(page).toHaveURL(/\/account\/two-factor\?status=enabled$/);
  await expect(page.getByRole('status').filter({ hasText: 'Two-factor authentication is on.' })).toBeVisible();
  const codes = (await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await expect(page.getByRole('link', { name: 'Download the codes' })).toHaveAttribute('download', 'latchkey-recovery-codes.txt');
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page).toHaveURL(/\/account\/two-factor\?status=saved$/);
  // Shown once: the page no longer has them.
  await expect(page.getByRole('list', { name: 'Recovery codes' })).toHaveCount(0);
  for (const code of codes) await expect(page.getByText(code)).toHaveCount(0);
  return { key, codes };
}

test('Two-factor authentication is turned on with an app code, asked for at login, and a recovery code works once', async ({ page, request }) => {
  const account = newAccount('totp');
  await createAccount(request, account);
  await logIn(page, account.email, account.password);
  const { key, codes } = await turnOn(page, account.password);
  await mailTo(account.email, 'Two-factor authentication is on');
  await page.goto('/account');
  await expect(page.getByRole('region', { name: 'Two-factor authentication' })).toContainText('10 recovery codes left');

  // The password alone now leads to the second step, which names nothing about the account.
  await signOut(page);
  await submitLogin(page, account.email, account.password);
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText(account.email);
  const wrong = codeFor(key, 1) === '123456' ? '654321' : '123456';
  await page.getByLabel('Authentication code').fill(wrong);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText("That code didn't work.")).toBeVisible();
  // The set-up used this step's code; the next step's is within the window and newer.
  await page.getByLabel('Authentication code').fill(codeFor(key, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();

  // A recovery code, typed in capitals: the page says how many are left.
  await signOut(page);
  await submitLogin(page, account.email, account.password);
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await page.getByLabel('Authentication code').fill(codes[0]!.toUpperCase());
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account\/two-factor\?status=recovery-code-used$/);
  await expect(
    page.getByRole('status').filter({ hasText: 'You logged in with a recovery code; it no longer works. You have 9 recovery codes left.' }),
  ).toBeVisible();

  // The same recovery code again is refused.
  await signOut(page);
  await submitLogin(page, account.email, account.password);
  await page.getByLabel('Authentication code').fill(codes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText("That code didn't work.")).toBeVisible();
  await expect(page).toHaveURL(/\/login\/two-factor$/);
});

test('A password reset for a two-factor account asks for a code, and two-factor is then turned off', async ({ page, request }) => {
  const account = newAccount('totp-reset');
  const newPassword = `${account.password}-new`;
  await createAccount(request, account);
  await logIn(page, account.email, account.password);
  const { codes } = await turnOn(page, account.password);
  await signOut(page);

  await page.goto('/forgot-password');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  const link = linkIn(await mailTo(account.email, RESET_SUBJECT), '/reset-password');
  await page.goto(link.toString());
  await expect(page).toHaveURL(/\/reset-password$/);
  // Without a code, the new password is not set.
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('Enter the code from your authenticator app, or a recovery code.')).toBeVisible();
  await page.getByLabel('Authentication code').fill(codes[1]!);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login\?status=password-reset$/);

  // Two-factor survived the reset: the new password leads to the second step.
  await submitLogin(page, account.email, newPassword);
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await page.getByLabel('Authentication code').fill(codes[2]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/account\/two-factor\?status=recovery-code-used$/);
  await expect(page.getByRole('status').filter({ hasText: 'You have 8 recovery codes left.' })).toBeVisible();

  // Turning it off needs the password and a code.
  const off = page.getByRole('region', { name: 'Turn off two-factor authentication' });
  await off.getByLabel('Current password').fill('not-my-password');
  await off.getByLabel('Authentication code').fill(codes[3]!);
  await off.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
  await expect(off.getByText('That is not your current password.')).toBeVisible();
  await off.getByLabel('Current password').fill(newPassword);
  await off.getByLabel('Authentication code').fill(codes[3]!);
  await off.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
  await expect(page).toHaveURL(/\/account\/two-factor\?status=turned-off$/);
  await expect(
    page.getByRole('status').filter({ hasText: 'Two-factor authentication is off. Logging in needs only your password now.' }),
  ).toBeVisible();
  await mailTo(account.email, 'Two-factor authentication was turned off');

  await signOut(page);
  await logIn(page, account.email, newPassword);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('The second step of a login works without JavaScript', async ({ page, request }) => {
    const account = newAccount('totp-nojs');
    await createAccount(request, account);
    const token = (await (await request.post('/api/users/login', { data: { email: account.email, password: account.password } })).json()).id;
    const started = await request.post('/api/users/me/otp', { headers: { authorization: token }, data: { currentPassword: account.password } });
    const { secret } = await started.json();
    expect((await request.post('/api/users/me/otp/confirm', { headers: { authorization: token }, data: { otp: codeFor(secret) } })).status()).toBe(
      200,
    );

    await page.goto('/login');
    await submitLogin(page, account.email, account.password);
    await expect(page).toHaveURL(/\/login\/two-factor$/);
    await page.getByLabel('Authentication code').fill(codeFor(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/account$/);
  });
});
