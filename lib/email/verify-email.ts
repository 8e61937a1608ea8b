import 'server-only';
import { createElement } from 'react';
import VerifyEmail, { verifyEmailSubject } from '@/emails/verify-email';
import { appUrl } from './links';
import type { EmailMessage } from './send';

/** The confirmation link: the app's /verify page, which confirms and says so. */
export function composeVerifyEmail(message: { email: string; userId: number; token: string; ttl: number }): EmailMessage {
  return {
    to: message.email,
    subject: verifyEmailSubject,
    template: createElement(VerifyEmail, {
      verifyUrl: appUrl('/verify', { uid: String(message.userId), token: message.token }),
      expiresIn: message.ttl,
    }),
  };
}
