import { expect, test } from '@playwright/test';
import { createAccount, linkIn, logInElsewhere, mailTo, newAccount, RESET_SUBJECT, signUp, submitLogin, submitSignUp } from './support/accounts';
import { STRICT_BASE_URL } from './support/run';
import { confirmationLink, confirmWithLink, mailMark, nextMailTo, sendNewLink, signUpToConfirm, VERIFY_SUBJECT } from './support/strict';

const GOODBYE_SUBJECT = 'Your Latchkey account was deleted';

test.describe('where addresses must be confirmed', () => {
  test.use({ baseURL: STRICT_BASE_URL });

  test('A mistyped address is corrected on the check-your-inbox page, the link goes there, and login then has the address filled in', async ({
    page,
    browser,
  }) => {
    const account = newAccount('typo');
    const typo = account.email.replace('@example.com', '@exmaple.com');
    const first = mailMark();
    await signUpToConfirm(page, account, { email: typo });
    await expect(page.getByText('We sent it to')).toContainText(typo);
    await expect(page.getByText(/You can ask for \d+ new links an hour, at most one every 60 seconds\./)).toBeVisible();
    const oldLink = confirmationLink(await nextMailTo(typo, VERIFY_SUBJECT, first));

    // Anyone else with the URL sees no address and no correction form.
    const stranger = await browser.newContext({ baseURL: STRICT_BASE_URL });
    const strangerPage = await stranger.newPage();
    await strangerPage.goto('/verify/sent');
    await expect(strangerPage.locator('body')).not.toContainText(typo);
    await expect(strangerPage.getByLabel('Correct email address')).toHaveCount(0);
    await stranger.close();

    const second = mailMark();
    await page.getByLabel('Correct email address').fill('not an address');
    await page.getByRole('button', { name: 'Use this address' }).click();
    await expect(page.getByLabel('Correct email address')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('Correct email address').fill(account.email);
    await page.getByRole('button', { name: 'Use this address' }).click();
    await expect(page).toHaveURL(/\/verify\/sent\?changed=1$/);
    await expect(page.getByText('Address changed. We sent the link to')).toContainText(account.email);
    // The correction sent a link, so the button waits, as the server does.
    await expect(page.getByRole('button', { name: /Send a new link \(in \d+ s\)/ })).toHaveAttribute('aria-disabled', 'true');
    const newLink = confirmationLink(await nextMailTo(account.email, VERIFY_SUBJECT, second));

    await confirmWithLink(page, oldLink);
    await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
    await confirmWithLink(page, newLink);
    await expect(page.getByRole('heading', { name: 'Your email address is confirmed' })).toBeVisible();
    await page.getByRole('link', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/login\?status=email-confirmed$/);
    await expect(page.getByRole('status')).toHaveText('Your email address is confirmed. Log in to continue.');
    await expect(page.getByLabel('Email or username')).toHaveValue(account.email);
    await expect(page.getByLabel('Realm')).toHaveValue('acme');
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/account$/);
  });

  test('"Send a new link" counts down between links, and says the hourly limit before it bites', async ({ page }) => {
    const account = newAccount('cooldown');
    await signUpToConfirm(page, account);

    // The limits are said before they bite (the journey server scales the hourly one by 100).
    await expect(page.getByText(/^You can ask for \d+ new links an hour, at most one every 60 seconds\.$/)).toBeVisible();

    const mark = mailMark();
    await sendNewLink(page);
    const button = page.getByRole('button', { name: /Send a new link/ });
    await expect(button).toHaveText(/Send a new link \(in (60|59|58) s\)/);
    await expect(button).toHaveAttribute('aria-disabled', 'true');

    // A click while it waits sends nothing, and a reload still shows the wait the server keeps.
    // Both come straight after the link, well inside its 60 s pause even on a crowded runner.
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    // `force`: Playwright would otherwise wait for the button to be enabled, i.e. for the pause to end.
    await button.click({ force: true });
    // A negative: give a submission the time it would take to leave, then see that none did.
    await page.waitForTimeout(1000);
    expect(posts).toEqual([]);
    await expect(page.getByRole('status')).toHaveText(/We've sent a new link/);
    await page.reload();
    const waiting = page.getByRole('button', { name: /Send a new link \(in \d+ s\)/ });
    await expect(waiting).toHaveAttribute('aria-disabled', 'true');
    const before = await waiting.textContent();
    await expect(waiting).not.toHaveText(before ?? '', { timeout: 5000 });

    await nextMailTo(account.email, VERIFY_SUBJECT, mark);
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('Without JavaScript, a second link within the pause is refused by the server with the seconds to wait', async ({ page }) => {
      const account = newAccount('nojs-cooldown');
      await signUpToConfirm(page, account);
      await sendNewLink(page);
      await page.getByRole('button', { name: /Send a new link/ }).click();
      await expect(page.getByRole('status')).toHaveText(/Please wait \d+ seconds? before asking for another link\./);
    });
  });
});

test('With JavaScript, a failed submission keeps the typed passwords: a taken address at sign-up, a weak new password', async ({ page, request }) => {
  const taken = newAccount('kept-taken');
  await createAccount(request, taken);
  const account = newAccount('kept');
  await submitSignUp(page, { email: taken.email, password: account.password });
  await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue(account.password);
  await page.getByLabel('Email address').fill(account.email);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);

  const section = page.getByRole('region', { name: 'Change password' });
  await section.getByLabel('Current password').fill(account.password);
  await section.getByLabel('New password', { exact: true }).fill('password');
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(section.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(section.getByLabel('Current password')).toHaveValue(account.password);
  await section.getByLabel('New password', { exact: true }).fill(`${account.password}-new`);
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(section.getByRole('status').filter({ hasText: /changed/i })).toBeVisible();
  await expect(section.getByLabel('Current password')).toHaveValue('');
});

test('A browser logged out from elsewhere is told its session has ended', async ({ page, browser }) => {
  const account = newAccount('ended');
  await signUp(page, account);
  const { context: other, page: otherPage } = await logInElsewhere(browser, account.email, account.password);

  await page.reload();
  await page.getByText('Log out everywhere else…').click();
  await page.getByRole('button', { name: 'Yes, log out 1 other session' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Every other session has been logged out.' })).toBeVisible();

  await otherPage.goto('/account');
  await expect(otherPage).toHaveURL(/\/login\?status=session-ended&next=(%2F|\/)account$/);
  await expect(otherPage.getByRole('status')).toHaveText('Your session has ended. Please log in again.');
  await submitLogin(otherPage, account.email, account.password);
  await expect(otherPage).toHaveURL(/\/account$/);
  await other.close();
});

test('An account is deleted from its page with the password and a ticked confirmation; its sessions end and a goodbye is mailed', async ({
  page,
  browser,
}) => {
  const account = newAccount('goodbye');
  await signUp(page, account);
  const { context: other, page: otherPage } = await logInElsewhere(browser, account.email, account.password);

  await page.goto('/account');
  await page.getByLabel('Your password').fill(`${account.password}-wrong`);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByLabel(/I understand that my account is deleted for good/)).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel(/I understand that my account is deleted for good/).check();
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByLabel('Your password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('That password is not right.')).toBeVisible();
  await expect(page).toHaveURL(/\/account$/);

  await page.getByLabel('Your password').fill(account.password);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/login\?status=account-deleted$/);
  await expect(page.getByRole('status')).toHaveText(/Your account has been deleted/);
  const goodbye = await mailTo(account.email, GOODBYE_SUBJECT);
  expect(goodbye.text).toContain('deleted');

  await otherPage.goto('/account');
  await expect(otherPage).toHaveURL(/\/login\?status=session-ended/);
  await submitLogin(page, account.email, account.password);
  await expect(page.getByRole('status')).toHaveText('Invalid email/username or password.');
  await other.close();
});

test('After a reset, the login page says so and has the address filled in; only the password is typed', async ({ page, request }) => {
  const account = newAccount('after-reset');
  await createAccount(request, account);
  expect((await request.post('/api/users/reset', { data: { email: account.email } })).status()).toBe(204);
  await page.goto(linkIn(await mailTo(account.email, RESET_SUBJECT), '/reset-password').toString());
  await page.getByLabel('New password', { exact: true }).fill(`${account.password}-reset`);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login\?status=password-reset$/);
  await expect(page.getByRole('status')).toHaveText(/Your password has been changed/);
  await expect(page.getByLabel('Email or username')).toHaveValue(account.email);
  await expect(page.locator('body')).not.toContainText(`${account.password}-reset`);
  await page.getByLabel('Password', { exact: true }).fill(`${account.password}-reset`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Without JavaScript, a failed sign-up keeps the address but the password must be typed again', async ({ page, request }) => {
    const taken = newAccount('nojs-kept');
    await createAccount(request, taken);
    await submitSignUp(page, { email: taken.email, password: taken.password });
    await expect(page.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Email address')).toHaveValue(taken.email);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  });

  test('Without JavaScript, an account is deleted with the password and the tick', async ({ page }) => {
    const account = newAccount('nojs-goodbye');
    await submitSignUp(page, { email: account.email, password: account.password });
    await expect(page).toHaveURL(/\/account$/);
    await page.getByLabel('Your password').fill(account.password);
    await page.getByLabel(/I understand that my account is deleted for good/).check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(page).toHaveURL(/\/login\?status=account-deleted$/);
    await mailTo(account.email, GOODBYE_SUBJECT);
  });
});
