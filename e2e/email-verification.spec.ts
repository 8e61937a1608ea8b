import { expect, test } from '@playwright/test';
import { newAccount } from './support/accounts';
import { STRICT_BASE_URL } from './support/run';
import {
  confirmationLink,
  confirmWithLink,
  createRealmAccount,
  mailMark,
  nextMailTo,
  sendNewLink,
  signUpToConfirm,
  submitRealmLogin,
  VERIFY_SUBJECT,
} from './support/strict';

// The server where addresses must be confirmed before login, and accounts live in realms.
test.use({ baseURL: STRICT_BASE_URL });

test('A new account confirms its address from the emailed link and then logs in', async ({ page }) => {
  const account = newAccount('confirm');
  const realm = 'acme';
  const mark = mailMark();

  await signUpToConfirm(page, account, { realm, username: true });
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  // The browser that just signed up sees the address it typed, so a typo can be fixed.
  await expect(page.locator('body')).toContainText(account.email);

  const link = confirmationLink(await nextMailTo(account.email, VERIFY_SUBJECT, mark));
  expect(link.origin).toBe(STRICT_BASE_URL);
  const token = link.searchParams.get('token') ?? '';
  expect(token.length).toBeGreaterThan(30);

  await confirmWithLink(page, link);
  // The link is spent and the browser moves to a clean address: the token is in neither the
  // address bar nor the page (Next writes a page's URL into its HTML).
  await expect(page).toHaveURL(/\/verify\?result=confirmed$/);
  await expect(page.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();
  // The link's own answer sends no Referer (proxy.ts); the page with the button sends only the origin.
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'strict-origin');
  expect(await page.content()).not.toContain(token);

  await page.getByRole('link', { name: 'Log in' }).click();
  await submitRealmLogin(page, account.email, account.password, realm);
  await expect(page).toHaveURL(/\/account$/);
  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile.getByText('Verified', { exact: true })).toBeVisible();
  const activity = page.getByRole('list', { name: /Recent activity/ });
  await expect(activity.getByText('Signed in', { exact: true })).toBeVisible();
  await expect(activity.getByText('Email address confirmed')).toBeVisible();
  await expect(activity.getByText('Account created')).toBeVisible();

  // A second click on the same link spends nothing; its owner is told there is nothing to do.
  await confirmWithLink(page, link);
  await expect(page.getByRole('heading', { name: 'Your email address is already confirmed' })).toBeVisible();
});

test('Logging in before confirming is refused with an explanation, and a new link can be sent from there', async ({ page, request }) => {
  const account = newAccount('unconfirmed');
  const realm = 'acme';
  const first = mailMark();
  await createRealmAccount(request, account, realm);
  const oldLink = confirmationLink(await nextMailTo(account.email, VERIFY_SUBJECT, first));

  // A wrong password learns nothing about the address.
  await page.goto('/login');
  await submitRealmLogin(page, account.email, `${account.password}-wrong`, realm);
  await expect(page.getByRole('status')).toHaveText('Invalid email/username or password.');

  await submitRealmLogin(page, account.email, account.password, realm);
  await expect(page).toHaveURL(/\/verify\/sent\?reason=unconfirmed$/);
  await expect(page.getByRole('heading', { name: 'Confirm your email address first' })).toBeVisible();
  await expect(page.getByText('You need to confirm your email address before you can log in.')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(account.email);

  const second = mailMark();
  await sendNewLink(page);
  const newLink = confirmationLink(await nextMailTo(account.email, VERIFY_SUBJECT, second));
  expect(newLink.searchParams.get('token')).not.toBe(oldLink.searchParams.get('token'));

  // The newest link is the one that works.
  await confirmWithLink(page, oldLink);
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
  await confirmWithLink(page, newLink);
  await expect(page.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();

  await page.goto('/login');
  await submitRealmLogin(page, account.email, account.password, realm);
  await expect(page).toHaveURL(/\/account$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Without JavaScript, a new account asks for a second link, confirms with it and logs in with the realm prefix', async ({ page }) => {
    const account = newAccount('nojs-confirm');
    const first = mailMark();
    await signUpToConfirm(page, account);
    await nextMailTo(account.email, VERIFY_SUBJECT, first);

    const second = mailMark();
    await sendNewLink(page);
    const link = confirmationLink(await nextMailTo(account.email, VERIFY_SUBJECT, second));

    await confirmWithLink(page, link);
    await expect(page.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();
    await page.getByRole('link', { name: 'Log in' }).click();
    await submitRealmLogin(page, `acme:${account.email}`, account.password);
    await expect(page).toHaveURL(/\/account$/);
  });
});
