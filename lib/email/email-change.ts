import 'server-only';
import { createElement } from 'react';
import ConfirmEmailChangeEmail, { confirmEmailChangeSubject } from '@/emails/confirm-email-change';
import EmailChangeRequestedEmail, { emailChangeRequestedSubject } from '@/emails/email-change-requested';
import { appUrl } from './links';
import type { EmailMessage } from './send';

/** To the new address: a page that asks for a click before anything changes. */
export function composeEmailChangeConfirmation(message: { to: string; token: string; ttl: number }): EmailMessage {
  return {
    to: message.to,
    subject: confirmEmailChangeSubject,
    template: createElement(ConfirmEmailChangeEmail, { confirmUrl: appUrl('/confirm-email', { token: message.token }), expiresIn: message.ttl }),
  };
}

/** To the old address: a page that asks for a click, then undoes the change. */
export function composeEmailChangeNotice(message: { to: string; maskedNewEmail: string; undoToken: string; ttl: number }): EmailMessage {
  return {
    to: message.to,
    subject: emailChangeRequestedSubject,
    template: createElement(EmailChangeRequestedEmail, {
      maskedNewEmail: message.maskedNewEmail,
      undoUrl: appUrl('/undo-email-change', { token: message.undoToken }),
      expiresIn: message.ttl,
    }),
  };
}
