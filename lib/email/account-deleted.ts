import 'server-only';
import { createElement } from 'react';
import AccountDeletedEmail, { accountDeletedSubject } from '@/emails/account-deleted';
import { appUrl, formatWhen } from './links';
import type { EmailMessage } from './send';

/** The goodbye notice, sent to the address the account had, once the account is gone. */
export function composeAccountDeletedEmail(message: { email: string; at: string }): EmailMessage {
  return {
    to: message.email,
    subject: accountDeletedSubject,
    template: createElement(AccountDeletedEmail, { deletedAt: formatWhen(message.at), signupUrl: appUrl('/signup') }),
  };
}
