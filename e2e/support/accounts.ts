import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import { linkIn, pollForMail, readMailDir, type CaughtMail } from '../../test/smtp-sink';
import { mailDir } from './run';

export interface Account {
  email: string;
  username: string;
  password: string;
}

/** A new, unique account for one journey (journeys run in parallel on one database). */
export function newAccount(label: string): Account {
  const id = randomBytes(5).toString('hex');
  // Not derived from the id: the password policy refuses passwords built from the email or username.
  return { email: `${label}-${id}@example.com`, username: `${label}-${id}`, password: `Copper-kettle-${randomBytes(4).toString('hex')}` };
}

/** Opens /signup and sends the form; the realm and username are filled in only when given. */
export async function submitSignUp(page: Page, fields: { email: string; password: string; username?: string; realm?: string }): Promise<void> {
  await page.goto('/signup');
  if (fields.realm !== undefined) await page.getByLabel('Realm').fill(fields.realm);
  await page.getByLabel('Email address').fill(fields.email);
  if (fields.username !== undefined) await page.getByLabel('Username (optional)').fill(fields.username);
  await page.getByLabel('Password', { exact: true }).fill(fields.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** Signs up through the form; the new account is signed in and lands on its account page. */
export async function signUp(page: Page, account: Account): Promise<void> {
  await submitSignUp(page, account);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
}

/** Creates the account over the REST API, for journeys that are not about signing up. */
export async function createAccount(request: APIRequestContext, account: Account): Promise<void> {
  const response = await request.post('/api/users', { data: { email: account.email, username: account.username, password: account.password } });
  expect(response.status()).toBe(200);
}

/** Fills in and sends the login form (from wherever the page is). */
export async function submitLogin(page: Page, identifier: string, password: string): Promise<void> {
  await page.getByLabel('Email or username').fill(identifier);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function logIn(page: Page, identifier: string, password: string): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, identifier, password);
  await expect(page).toHaveURL(/\/account$/);
}

/** Another browser, with cookies of its own, logged in to the account: "another device". */
export async function logInElsewhere(
  browser: Browser,
  identifier: string,
  password: string,
  options?: BrowserContextOptions,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await logIn(page, identifier, password);
  return { context, page };
}

/**
 * Whether the browser is still signed in: /account either shows the account or sends it to log in
 * (saying the session has ended when the browser still held a cookie whose session is gone).
 */
export async function expectSignedOut(page: Page): Promise<void> {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?(status=session-ended&)?next=(%2F|\/)account$/);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
}

/** The first message to `to` with this subject that the run's SMTP sink has caught. */
export async function mailTo(to: string, subject: string): Promise<CaughtMail> {
  return pollForMail(() => readMailDir(mailDir()), to, { subject, timeoutMs: 20_000 });
}

export const RESET_SUBJECT = 'Reset your Latchkey password';

export { linkIn };
