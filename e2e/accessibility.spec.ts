import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { createAccount, linkIn, logIn, mailTo, newAccount, RESET_SUBJECT } from './support/accounts';
import { STRICT_BASE_URL } from './support/run';
import { signUpToConfirm } from './support/strict';
import { codeFor } from './support/two-factor';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function scan(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expectNoAxeViolations(page, path);
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test.describe(`${colorScheme}, ${size}`, () => {
      test.use({ colorScheme, viewport });

      test(`The public pages pass an axe scan (${colorScheme}, ${size})`, async ({ page }) => {
        await scan(page, '/', /Your account, under lock and key/);
        await scan(page, '/login', 'Log in');
        await scan(page, '/forgot-password', 'Forgot your password?');
        await scan(page, '/reset-password', 'This link no longer works');
        await scan(page, '/no-such-page', 'Page not found');
        await scan(page, '/login?status=session-ended', 'Log in');
        await scan(page, '/login?status=account-deleted', 'Log in');
        await scan(page, '/login?status=email-confirmed', 'Log in');
      });

      test(`The verification pages pass an axe scan (${colorScheme}, ${size})`, async ({ page }) => {
        await scan(page, '/verify?result=confirmed', 'Your email address is confirmed');
        await scan(page, '/verify?result=invalid', 'This link no longer works');
        await scan(page, '/verify?result=throttled&retry=120', 'Too many attempts');
        await scan(page, '/verify/sent', 'Check your inbox');
        await scan(page, '/verify/sent?reason=unconfirmed', 'Confirm your email address first');
      });

      test(`The sign-up form passes an axe scan empty, with errors and with the meter (${colorScheme}, ${size})`, async ({ page }) => {
        await scan(page, '/signup', 'Create your account');
        await page.getByRole('button', { name: 'Create account' }).click();
        await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
        await expectNoAxeViolations(page, '/signup with errors');
        await page.getByLabel('Password', { exact: true }).fill('correct horse');
        await expect(page.getByText(/^Strength: /)).toContainText(/Strength: (Too easy to guess|Weak|Fair|Good|Strong)\./);
        await expectNoAxeViolations(page, '/signup with a password typed');
      });

      test(`A live reset link and the account page pass an axe scan (${colorScheme}, ${size})`, async ({ page, request }) => {
        const resetting = newAccount('axe-reset');
        await createAccount(request, resetting);
        expect((await request.post('/api/users/reset', { data: { email: resetting.email } })).status()).toBe(204);
        await page.goto(linkIn(await mailTo(resetting.email, RESET_SUBJECT), '/reset-password').toString());
        await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
        await expectNoAxeViolations(page, '/reset-password (live link)');

        await logIn(page, resetting.email, resetting.password);
        await expectNoAxeViolations(page, '/account');
        // The delete-account form with its errors.
        await page.getByRole('button', { name: 'Delete my account' }).click();
        await expect(page.getByLabel('Your password')).toHaveAttribute('aria-invalid', 'true');
        await expectNoAxeViolations(page, '/account with delete-account errors');
        await page.getByRole('button', { name: 'Send a verification email' }).click();
        await expect(page.getByRole('button', { name: /Send a verification email \(in \d+ s\)/ })).toBeVisible();
        await expectNoAxeViolations(page, '/account with the resend countdown');
        await scan(page, '/verify?result=already', 'Your email address is already confirmed');
      });

      test(`The two-factor pages pass an axe scan (${colorScheme}, ${size})`, async ({ page, request }) => {
        const account = newAccount('axe-2fa');
        await createAccount(request, account);
        await logIn(page, account.email, account.password);
        await scan(page, '/account/two-factor', 'Two-factor authentication');
        await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
        await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
        await expectNoAxeViolations(page, '/account/two-factor with errors');
        await page.getByLabel('Current password').fill(account.password);
        await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
        await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
        await expectNoAxeViolations(page, '/account/two-factor (the QR code)');
        const key = await page.locator('.manual-key').innerText();
        await page.getByLabel('Code from the app').fill(codeFor(key));
        await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
        await expect(page.getByRole('list', { name: 'Recovery codes' })).toBeVisible();
        await expectNoAxeViolations(page, '/account/two-factor (the recovery codes)');
        await page.getByRole('button', { name: 'I have saved them' }).click();
        await expect(page.getByRole('heading', { name: 'Two-factor authentication is on' })).toBeVisible();
        await expectNoAxeViolations(page, '/account/two-factor (on)');
        await page.goto('/account');
        await page.getByRole('button', { name: 'Sign out' }).click();
        await expect(page).toHaveURL(/status=signed-out/);
        await scan(page, '/login/two-factor', 'Your sign-in timed out');
        await page.goto('/login');
        await page.getByLabel('Email or username').fill(account.email);
        await page.getByLabel('Password', { exact: true }).fill(account.password);
        await page.getByRole('button', { name: 'Log in' }).click();
        await expect(page.getByRole('heading', { level: 1, name: 'Two-factor authentication' })).toBeVisible();
        await page.getByRole('button', { name: 'Verify' }).click();
        await expect(page.getByLabel('Authentication code')).toHaveAttribute('aria-invalid', 'true');
        await expectNoAxeViolations(page, '/login/two-factor with errors');
      });
    });
  }
}

test.describe('where addresses must be confirmed', () => {
  test.use({ baseURL: STRICT_BASE_URL });

  test('The check-your-inbox page of a new account, with its address, the correction form and the countdown, passes an axe scan', async ({
    page,
  }) => {
    const account = newAccount('axe-sent');
    await signUpToConfirm(page, account);
    await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
    await expectNoAxeViolations(page, '/verify/sent (new account)');
    await page.getByRole('button', { name: 'Use this address' }).click();
    await expect(page.getByLabel('Correct email address')).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations(page, '/verify/sent with a correction error');
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await expect(page.getByRole('button', { name: /Send a new link \(in \d+ s\)/ })).toBeVisible();
    await expectNoAxeViolations(page, '/verify/sent with the countdown');
  });
});
