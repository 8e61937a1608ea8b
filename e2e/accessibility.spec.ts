import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe';
import { createAccount, linkIn, mailTo, newAccount, RESET_SUBJECT, signUp } from './support/accounts';

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

      test(`Every page passes an axe scan in the ${colorScheme} scheme on a ${size}`, async ({ page, request, browser }) => {
        await scan(page, '/', /Your account, under lock and key/);
        await scan(page, '/signup', 'Create your account');
        // A form showing its errors, each tied to its field.
        await page.getByRole('button', { name: 'Create account' }).click();
        await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
        await expectNoAxeViolations(page, '/signup with errors');
        // The meter and its rules, once typed into.
        await page.getByLabel('Password', { exact: true }).fill('correct horse');
        await expect(page.getByText(/^Strength: /)).toContainText(/Strength: (Weak|Fair|Good|Strong|Too easy)/);
        await expectNoAxeViolations(page, '/signup with a password typed');

        await scan(page, '/login', 'Log in');
        await scan(page, '/forgot-password', /password/i);
        await scan(page, '/reset-password', 'This link no longer works');
        await scan(page, '/verify?result=confirmed', 'Your email address is confirmed');
        await scan(page, '/verify?result=invalid', 'This link no longer works');
        await scan(page, '/verify?result=throttled&retry=120', 'Too many attempts');
        await scan(page, '/verify/sent', 'Check your inbox');
        await scan(page, '/verify/sent?reason=unconfirmed', 'Confirm your email address first');
        await scan(page, '/no-such-page', 'Page not found');

        // A live reset link, in a browser of its own.
        const resetting = newAccount('axe-reset');
        await createAccount(request, resetting);
        expect((await request.post('/api/users/reset', { data: { email: resetting.email } })).status()).toBe(204);
        const link = linkIn(await mailTo(resetting.email, RESET_SUBJECT), '/reset-password');
        const other = await browser.newContext({ colorScheme, viewport });
        const resetPage = await other.newPage();
        await resetPage.goto(link.toString());
        await expect(resetPage.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
        await expectNoAxeViolations(resetPage, '/reset-password (live link)');
        await other.close();

        await signUp(page, newAccount('axe'));
        await expectNoAxeViolations(page, '/account');
        await page.getByText('Log out everywhere else…').or(page.getByText("You aren't signed in anywhere else.")).first().waitFor();
        await scan(page, '/verify?result=already', 'Your email address is already confirmed');
      });
    });
  }
}
