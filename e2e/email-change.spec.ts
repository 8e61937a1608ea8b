import { expect, test, type Page } from '@playwright/test';
import { expectSignedOut, linkIn, logIn, mailTo, newAccount, signUp, type Account } from './support/accounts';
import { confirmationLink, mailMark, nextMailTo, VERIFY_SUBJECT } from './support/strict';

const CONFIRM_SUBJECT = 'Confirm your new email address for Latchkey';
const NOTICE_SUBJECT = 'Someone asked to change your Latchkey email address';

/** Fills in the account page's "Change email" form and waits for its answer. */
async function askForNewEmail(page: Page, account: Account, newEmail: string): Promise<void> {
  const section = page.getByRole('region', { name: 'Change email' });
  await section.getByLabel('New email address').fill(newEmail);
  await section.getByLabel('Current password').fill(account.password);
  await section.getByRole('button', { name: 'Change email' }).click();
  await expect(section.getByRole('status')).toHaveText(new RegExp(`We've sent a link to ${newEmail.replace(/[.+]/g, '\\$&')}`));
}

test('A member changes their email from the account page, confirms it from the new address with a click, and the old address is told', async ({
  page,
  browser,
  request,
}) => {
  const account = newAccount('move');
  const newEmail = `moved-${account.username}@example.com`;
  await signUp(page, account);
  const elsewhere = await (await browser.newContext()).newPage();
  await logIn(elsewhere, account.email, account.password);

  await askForNewEmail(page, account, newEmail);
  const section = page.getByRole('region', { name: 'Change email' });
  await expect(section.getByText(`Waiting for confirmation: ${newEmail}`)).toBeVisible();
  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile.getByText(account.email)).toBeVisible();

  const notice = await mailTo(account.email, NOTICE_SUBJECT);
  expect(notice.text).toContain(`m***@example.com`);
  expect(notice.text).not.toContain(newEmail);
  const link = linkIn(await mailTo(newEmail, CONFIRM_SUBJECT), '/confirm-email');

  // A mail scanner fetching the link changes nothing.
  const scanned = await request.get(link.toString(), { maxRedirects: 0 });
  expect(scanned.status()).toBe(303);
  expect(scanned.headers()['referrer-policy']).toBe('no-referrer');
  await page.goto('/account');
  await expect(profile.getByText(account.email)).toBeVisible();

  await page.goto(link.toString());
  await expect(page).toHaveURL(/\/confirm-email$/);
  await page.getByRole('button', { name: 'Use this address' }).click();
  await expect(page.getByRole('heading', { name: 'Your email address has changed' })).toBeVisible();

  // This browser stays signed in; the other session has ended.
  await page.goto('/account');
  await expect(profile.getByText(newEmail)).toBeVisible();
  await expect(profile.getByText('Verified', { exact: true })).toBeVisible();
  await expectSignedOut(elsewhere);
  await logIn(elsewhere, newEmail, account.password);
});

test('The old address undoes an email change that already took effect, and the account is signed out everywhere', async ({ page, request }) => {
  const account = newAccount('undo');
  const thiefEmail = `thief-${account.username}@evil.test`;
  await signUp(page, account);
  const mark = mailMark();
  await askForNewEmail(page, account, thiefEmail);
  const confirmLink = linkIn(await nextMailTo(thiefEmail, CONFIRM_SUBJECT, mark), '/confirm-email');
  const undoLink = linkIn(await nextMailTo(account.email, NOTICE_SUBJECT, mark), '/undo-email-change');
  // Whoever holds the new mailbox confirms it over the API.
  const applied = await request.post('/api/users/confirm-email-change', { data: { token: confirmLink.searchParams.get('token') } });
  expect(applied.status()).toBe(204);

  await page.goto(undoLink.toString());
  await expect(page).toHaveURL(/\/undo-email-change$/);
  await page.getByRole('button', { name: 'Undo the change' }).click();
  await expect(page.getByRole('heading', { name: 'Your email address is back' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Reset your password' })).toBeVisible();
  await expectSignedOut(page);

  expect((await request.post('/api/users/login', { data: { email: thiefEmail, password: account.password } })).status()).toBe(401);
  await logIn(page, account.email, account.password);
  await expect(page.getByRole('region', { name: 'Reset your password' })).toBeVisible();
});

test('Opening a confirmation link confirms nothing until the button is pressed', async ({ page, request }) => {
  const account = newAccount('scanned');
  await signUp(page, account);
  const profile = page.getByRole('region', { name: 'Profile' });
  const mark = mailMark();
  await profile.getByRole('button', { name: /verification email/ }).click();
  const link = confirmationLink(await nextMailTo(account.email, VERIFY_SUBJECT, mark));

  for (const method of ['GET', 'HEAD'] as const) {
    const scanned = await request.fetch(link.toString(), { method, maxRedirects: 0 });
    expect(scanned.status()).toBe(303);
    expect(scanned.headers()['set-cookie']).toMatch(/HttpOnly/i);
  }
  await page.goto(link.toString());
  await expect(page).toHaveURL(/\/verify$/);
  await expect(page.getByRole('button', { name: 'Confirm my address' })).toBeVisible();
  await page.goto('/account');
  await expect(profile.getByText('Not verified', { exact: true })).toBeVisible();

  await page.goto(link.toString());
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(page.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();
  await page.goto('/account');
  await expect(profile.getByText('Verified', { exact: true })).toBeVisible();
});
