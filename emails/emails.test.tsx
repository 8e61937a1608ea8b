import { render } from '@react-email/components';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import PasswordChangedEmail, { passwordChangedSubject } from './password-changed';
import ResetPasswordEmail from './reset-password';
import VerifyEmail from './verify-email';

const changed = createElement(PasswordChangedEmail, {
  changedAt: '3 March 2026 at 14:05 UTC',
  device: 'Firefox on Windows',
  address: '203.0.113.7',
  forgotPasswordUrl: 'https://accounts.example.com/forgot-password',
});

describe('emails', () => {
  it('carry a title and a viewport, and a footer readable at 4.5:1', async () => {
    const html = await render(changed);
    expect(html).toContain(`<title>${passwordChangedSubject}</title>`);
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
    expect(html).not.toContain('#a1a1aa');
    expect(html).toContain('color:#52525b');
  });

  it('say when, from which device and address a password was changed, with a styled way to reset', async () => {
    const text = await render(changed, { plainText: true });
    expect(text).toContain('When: 3 March 2026 at 14:05 UTC');
    expect(text).toContain('Device: Firefox on Windows');
    expect(text).toContain('Address: 203.0.113.7');
    const html = await render(changed);
    expect(html).toMatch(/<a[^>]*href="https:\/\/accounts\.example\.com\/forgot-password"[^>]*background-color:#4f46e5/);
  });

  it('read right as plain text: nobody is asked to press a button that is not there', async () => {
    for (const mail of [
      createElement(ResetPasswordEmail, { resetUrl: 'https://a.example.com/reset-password?access_token=x', expiresIn: 900 }),
      createElement(VerifyEmail, { verifyUrl: 'https://a.example.com/verify?uid=1&token=x', expiresIn: 86400 }),
      changed,
    ]) {
      const text = await render(mail, { plainText: true });
      expect(text).not.toMatch(/press the button/i);
      expect(text).toMatch(/Open the link below|reset your password now from the link below/);
    }
  });
});

describe('the goodbye notice', () => {
  it('says when the account was deleted and offers no way back in, only a new sign-up', async () => {
    const { default: AccountDeletedEmail, accountDeletedSubject } = await import('./account-deleted');
    const mail = createElement(AccountDeletedEmail, { deletedAt: '3 March 2026 at 14:05 UTC', signupUrl: 'https://a.example.com/signup' });
    const html = await render(mail);
    expect(html).toContain(`<title>${accountDeletedSubject}</title>`);
    const text = await render(mail, { plainText: true });
    expect(text).toContain('deleted on 3 March 2026 at 14:05 UTC');
    expect(text).toContain('https://a.example.com/signup');
    expect(text).not.toMatch(/\/login|\/reset-password|\/verify/);
  });
});
