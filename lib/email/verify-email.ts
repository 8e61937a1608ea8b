import 'server-only';
import { createElement } from 'react';
import VerifyEmail, { verifyEmailSubject } from '@/emails/verify-email';
import { appUrl } from './links';
import { sendEmail } from './send';

/** The confirmation link: the app's /verify page, which confirms and says so. */
function verifyEmailUrl(userId: number, token: string): string {
  return appUrl('/verify', { uid: String(userId), token });
}

export async function sendVerifyEmail(options: { email: string; userId: number; token: string; ttl: number }): Promise<void> {
  await sendEmail({
    to: options.email,
    subject: verifyEmailSubject,
    template: createElement(VerifyEmail, { verifyUrl: verifyEmailUrl(options.userId, options.token), expiresIn: options.ttl }),
  });
}
