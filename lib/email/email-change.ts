import 'server-only';
import { createElement } from 'react';
import ConfirmEmailChangeEmail, { confirmEmailChangeSubject } from '@/emails/confirm-email-change';
import EmailChangeRequestedEmail, { emailChangeRequestedSubject } from '@/emails/email-change-requested';
import { appUrl } from './links';
import { sendEmail } from './send';

/** The link to the new address: a page that asks for a click before anything changes. */
function confirmEmailChangeUrl(token: string): string {
  return appUrl('/confirm-email', { token });
}

/** The link to the old address: a page that asks for a click, then undoes the change. */
function undoEmailChangeUrl(token: string): string {
  return appUrl('/undo-email-change', { token });
}

export async function sendEmailChangeConfirmation(options: { to: string; token: string; ttl: number }): Promise<void> {
  await sendEmail({
    to: options.to,
    subject: confirmEmailChangeSubject,
    template: createElement(ConfirmEmailChangeEmail, { confirmUrl: confirmEmailChangeUrl(options.token), expiresIn: options.ttl }),
  });
}

export async function sendEmailChangeNotice(options: { to: string; maskedNewEmail: string; undoToken: string; ttl: number }): Promise<void> {
  await sendEmail({
    to: options.to,
    subject: emailChangeRequestedSubject,
    template: createElement(EmailChangeRequestedEmail, {
      maskedNewEmail: options.maskedNewEmail,
      undoUrl: undoEmailChangeUrl(options.undoToken),
      expiresIn: options.ttl,
    }),
  });
}
