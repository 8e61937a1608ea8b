import 'server-only';
import { createElement } from 'react';
import ResetPasswordEmail, { resetPasswordSubject } from '@/emails/reset-password';
import { env } from '@/lib/env';
import type { ResetPasswordRequest } from '@/lib/auth/events';
import { sendEmail } from './send';

/** The link in the email, always built from APP_URL, never from the request's Host header. */
export function resetPasswordUrl(token: string): string {
  const url = new URL('reset-password', env.APP_URL.endsWith('/') ? env.APP_URL : `${env.APP_URL}/`);
  url.searchParams.set('access_token', token);
  return url.toString();
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
