import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createAccount, expectSignedOut, logIn, newAccount } from './support/accounts';

/**
 * Signing in through providers: e2e/serve.ts runs a real OpenID Provider ("Test ID") and a GitHub
 * double beside the app. Their sign-in pages let the journey say who it is there.
 */

interface ProviderPerson {
  sub: string;
  email: string;
  verified: boolean;
}

function newPerson(label: string, verified = true): ProviderPerson {
  const id = randomBytes(5).toString('hex');
  return { sub: `${label}-${id}`, email: `${label}-${id}@example.com`, verified };
}

/** On the provider's own page: who we are there, then "Sign in". */
async function signInAtProvider(page: Page, person: ProviderPerson): Promise<void> {
  await page.getByLabel('Subject').fill(person.sub);
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  if (person.verified) await page.getByLabel('Email verified').check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('Signing in with a provider the first time makes an account, and the next time opens the same one', async ({ page, browser }) => {
  const person = newPerson('first');
  await page.goto('/login');
  await page.getByRole('link', { name: 'Continue with Test ID' }).click();
  await expect(page.getByRole('heading', { name: 'Test provider' })).toBeVisible();
  await signInAtProvider(page, person);

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.locator('.page-header .lead')).toContainText(`Signed in as ${person.email}`);
  const methods = page.getByRole('region', { name: 'Sign-in methods' });
  await expect(methods.getByText('Test ID')).toBeVisible();
  await expect(methods.getByText('None yet.')).toBeVisible();
  // The only way in cannot be unlinked.
  await expect(methods.getByRole('button', { name: /Unlink/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  // The provider remembers this browser: straight back, to the same account.
  await page.getByRole('link', { name: 'Continue with Test ID' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.locator('.page-header .lead')).toContainText(`Signed in as ${person.email}`);

  // Another browser, signing in at the provider afresh: the same account again, not a second one.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto('/login');
  await otherPage.getByRole('link', { name: 'Continue with Test ID' }).click();
  await signInAtProvider(otherPage, person);
  await expect(otherPage).toHaveURL(/\/account$/);
  await expect(otherPage.locator('.page-header .lead')).toContainText(`Signed in as ${person.email}`);
  // One linked identity, not two.
  await expect(otherPage.getByRole('region', { name: 'Sign-in methods' }).getByRole('listitem').filter({ hasText: 'Test ID' })).toHaveCount(1);
  await other.close();
});

test('A sign-in with a provider keeps the page it was asked for', async ({ page }) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=(%2F|\/)account$/);
  await page.getByRole('link', { name: 'Continue with GitHub' }).click();
  await expect(page.getByRole('heading', { name: 'Fake GitHub' })).toBeVisible();
  await signInAtProvider(page, { ...newPerson('octo'), sub: String(Date.now()) });
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('region', { name: 'Sign-in methods' }).getByText('GitHub', { exact: true })).toBeVisible();
});

test('Linking a provider from the account page, then unlinking it', async ({ page, request }) => {
  const account = newAccount('linker');
  await createAccount(request, account);
  await logIn(page, account.email, account.password);
  const methods = page.getByRole('region', { name: 'Sign-in methods' });
  await methods.getByRole('link', { name: 'Link Test ID' }).click();
  // Any account of theirs at the provider, whatever its address.
  await signInAtProvider(page, newPerson('linked', false));
  await expect(page).toHaveURL(/\/account\?linked=test#sign-in-methods$/);
  await expect(methods.getByText('Test ID is linked: you can sign in with it from now on.')).toBeVisible();
  await expect(methods.getByRole('link', { name: 'Link Test ID' })).toHaveCount(0);

  await methods.getByRole('button', { name: 'Unlink Test ID' }).click();
  await expect(methods.getByText('Test ID is unlinked.')).toBeVisible();
  await expect(methods.getByRole('link', { name: 'Link Test ID' })).toBeVisible();
  // The password still signs in.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await logIn(page, account.email, account.password);
});

test('Cancelling at the provider ends on the login page, signed out, with a plain message', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Continue with Test ID' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/login\?error=cancelled&provider=test$/);
  await expect(page.getByRole('alert').filter({ hasText: 'Sign-in with Test ID was cancelled. Nothing was changed.' })).toBeVisible();
  await expectSignedOut(page);
});

test('A provider claiming the address of an account it is not linked to is refused, and nobody is signed in', async ({ page, request }) => {
  // Someone signed up with the address (never confirmed); an account at the provider now claims it, as verified.
  const victim = newAccount('victim');
  await createAccount(request, victim);
  await page.goto('/login');
  await page.getByRole('link', { name: 'Continue with Test ID' }).click();
  await signInAtProvider(page, { sub: `takeover-${randomBytes(4).toString('hex')}`, email: victim.email, verified: true });
  await expect(page).toHaveURL(/\/login\?error=account-exists&provider=test$/);
  await expect(
    page.getByRole('alert').filter({
      hasText: 'An account with the email address from Test ID already exists. Log in with its password, then link Test ID from your account page.',
    }),
  ).toBeVisible();
  await expectSignedOut(page);

  // The owner logs in with the password: the provider account was not attached.
  await logIn(page, victim.email, victim.password);
  await expect(page.getByRole('region', { name: 'Sign-in methods' }).getByRole('link', { name: 'Link Test ID' })).toBeVisible();
});

test('A provider that has not verified the address makes no account', async ({ page }) => {
  const person = newPerson('unverified', false);
  await page.goto('/signup');
  await page.getByRole('link', { name: 'Continue with Test ID' }).click();
  await signInAtProvider(page, person);
  await expect(page).toHaveURL(/\/login\?error=no-verified-email&provider=test$/);
  await expect(page.getByRole('alert').filter({ hasText: "Test ID didn't give us an email address it has verified" })).toBeVisible();
  await expectSignedOut(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Signing in with a provider, linking GitHub and unlinking it, all without JavaScript', async ({ page }) => {
    const person = newPerson('nojs');
    await page.goto('/login');
    await page.getByRole('link', { name: 'Continue with Test ID' }).click();
    await signInAtProvider(page, person);
    await expect(page).toHaveURL(/\/account$/);
    const methods = page.getByRole('region', { name: 'Sign-in methods' });
    await methods.getByRole('link', { name: 'Link GitHub' }).click();
    await signInAtProvider(page, { ...newPerson('nojs-gh'), sub: String(Date.now()) });
    await expect(methods.getByText('GitHub is linked: you can sign in with it from now on.')).toBeVisible();
    // Two ways in now: either may go.
    await methods.getByRole('button', { name: 'Unlink Test ID' }).click();
    await expect(methods.getByText('Test ID is unlinked.')).toBeVisible();
    // GitHub is the last way in: no Unlink offered.
    await expect(methods.getByRole('button', { name: /Unlink/ })).toHaveCount(0);
    await expect(methods.getByText('Your only way to sign in: set a password to unlink it.')).toBeVisible();
  });
});
