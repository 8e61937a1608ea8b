import 'server-only';
import { createElement } from 'react';
import { describeDevice } from '@/lib/auth/device';
import PasswordChangedEmail, { passwordChangedSubject } from '@/emails/password-changed';
import ResetPasswordEmail, { resetPasswordSubject } from '@/emails/reset-password';
import VerifyFirstEmail, { verifyFirstSubject } from '@/emails/verify-first';
import type { ResetPasswordRequest } from '@/lib/auth/hooks';
import type { ChangeOrigin } from '@/lib/auth/mailer';
import { appUrl } from './links';
import { sendEmail } from './send';

/** The link in the reset email: `APP_URL/reset-password?access_token=…`. */
function resetPasswordUrl(token: string): string {
  return appUrl('/reset-password', { access_token: token });
}

/** The default `resetPasswordRequest` listener. */
export async function sendResetPasswordEmail(request: ResetPasswordRequest): Promise<void> {
  await sendEmail({
    to: request.email,
    subject: resetPasswordSubject,
    template: createElement(ResetPasswordEmail, {
      resetUrl: resetPasswordUrl(request.accessToken.id),
      expiresIn: request.accessToken.ttl,
    }),
  });
}

/** Sent instead of a reset link while the address is unverified and verification is required. */
export async function sendVerifyFirstEmail(email: string): Promise<void> {
  await sendEmail({ to: email, subject: verifyFirstSubject, template: createElement(VerifyFirstEmail, { loginUrl: appUrl('/login') }) });
}

/** Tells the account holder, at the stored address, that the password changed: when, and from what. */
export async function sendPasswordChangedEmail(email: string, changedAt: Date, origin: ChangeOrigin = {}): Promise<void> {
  const formatted = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(changedAt);
  await sendEmail({
    to: email,
    subject: passwordChangedSubject,
    template: createElement(PasswordChangedEmail, {
      changedAt: `${formatted} UTC`,
      device: describeDevice(origin.userAgent ?? null),
      address: origin.sourceAddress ?? null,
      forgotPasswordUrl: appUrl('/forgot-password'),
    }),
  });
}
