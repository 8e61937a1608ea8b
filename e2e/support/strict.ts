import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { linkIn, pollForMail, readMailDir, type CaughtMail } from '../../test/smtp-sink';
import { submitSignUp, type Account } from './accounts';
import { mailDir } from './run';

/**
 * Helpers for journeys on the strict server (e2e/support/run.ts, STRICT_BASE_URL): addresses must
 * be confirmed before login, and every account lives in a realm.
 */

export const VERIFY_SUBJECT = 'Confirm your email address for Latchkey';

/** How many messages the run's sink has caught so far: pass it to `nextMailTo` as `after`. */
export function mailMark(): number {
  return readMailDir(mailDir()).length;
}

/** The first message to `to` with this subject caught after `after` (a `mailMark()`). */
export async function nextMailTo(to: string, subject: string, after = 0): Promise<CaughtMail> {
  return pollForMail(() => readMailDir(mailDir()), to, { subject, after, timeoutMs: 20_000 });
}

/** The confirmation link in a verification message. */
export function confirmationLink(mail: CaughtMail): URL {
  return linkIn(mail, '/verify');
}

/**
 * Signs up through the form in `realm` (with `email` in place of the account's, for a typo); the
 * new account is not signed in and waits on the check-your-inbox page.
 */
export async function signUpToConfirm(page: Page, account: Account, { realm = 'acme', email = account.email, username = false } = {}): Promise<void> {
  await submitSignUp(page, { realm, email, password: account.password, username: username ? account.username : undefined });
  await expect(page).toHaveURL(/\/verify\/sent$/);
}

/** Opens an emailed confirmation link and presses the button its page asks for. */
export async function confirmWithLink(page: Page, link: URL): Promise<void> {
  await page.goto(link.toString());
  await page.getByRole('button', { name: 'Confirm my address' }).click();
}

/** Asks the check-your-inbox page for a new link, and waits for the news. */
export async function sendNewLink(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Send a new link' }).click();
  await expect(page.getByRole('status')).toHaveText(/We've sent a new link/);
}

/** Creates the account over the REST API in `realm`; the strict server mails a confirmation link. */
export async function createRealmAccount(request: APIRequestContext, account: Account, realm: string): Promise<void> {
  const response = await request.post('/api/users', {
    data: { email: account.email, username: account.username, password: account.password, realm },
  });
  expect(response.status()).toBe(200);
}

/**
 * Creates the account and confirms it with the mailed link's uid and token through LoopBack's
 * `GET /api/users/confirm` (the page itself waits for a click), so it can log in.
 */
export async function createConfirmedAccount(request: APIRequestContext, account: Account, realm: string): Promise<void> {
  const mark = mailMark();
  await createRealmAccount(request, account, realm);
  const link = confirmationLink(await nextMailTo(account.email, VERIFY_SUBJECT, mark));
  const confirm = new URL('/api/users/confirm', link);
  for (const name of ['uid', 'token']) confirm.searchParams.set(name, link.searchParams.get(name) ?? '');
  const response = await request.get(confirm.pathname + confirm.search, { maxRedirects: 0 });
  expect(response.status()).toBe(204);
}

/** Fills in and sends the login form, with the realm field when `realm` is given. */
export async function submitRealmLogin(page: Page, identifier: string, password: string, realm?: string): Promise<void> {
  if (realm !== undefined) await page.getByLabel('Realm').fill(realm);
  await page.getByLabel('Email or username').fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}
