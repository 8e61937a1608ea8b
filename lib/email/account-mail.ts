import 'server-only';
import { createElement } from 'react';
import { describeDevice } from '@/lib/auth/device';
import PasswordChangedEmail, { passwordChangedSubject } from '@/emails/password-changed';
import ResetPasswordEmail, { resetPasswordSubject } from '@/emails/reset-password';
import VerifyFirstEmail, { verifyFirstSubject } from '@/emails/verify-first';
import type { ChangeOrigin } from '@/lib/auth/mailer';
import { appUrl, formatWhen } from './links';
import type { EmailMessage } from './send';

/** The reset email: `APP_URL/reset-password?access_token=…`, good for `ttl` seconds. */
export function composeResetPasswordEmail(message: { email: string; token: string; ttl: number }): EmailMessage {
  return {
    to: message.email,
    subject: resetPasswordSubject,
    template: createElement(ResetPasswordEmail, { resetUrl: appUrl('/reset-password', { access_token: message.token }), expiresIn: message.ttl }),
  };
}

/** Sent instead of a reset link while the address is unverified and verification is required. */
export function composeVerifyFirstEmail(message: { email: string }): EmailMessage {
  return { to: message.email, subject: verifyFirstSubject, template: createElement(VerifyFirstEmail, { loginUrl: appUrl('/login') }) };
}

/** Tells the account holder, at the stored address, that the password changed: when, and from what. */
export function composePasswordChangedEmail(message: { email: string; at: string; origin: ChangeOrigin }): EmailMessage {
  return {
    to: message.email,
    subject: passwordChangedSubject,
    template: createElement(PasswordChangedEmail, {
      changedAt: formatWhen(message.at),
      device: describeDevice(message.origin.userAgent ?? null),
      address: message.origin.sourceAddress ?? null,
      forgotPasswordUrl: appUrl('/forgot-password'),
    }),
  };
}
