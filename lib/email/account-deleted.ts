import 'server-only';
import { createElement } from 'react';
import AccountDeletedEmail, { accountDeletedSubject } from '@/emails/account-deleted';
import { appUrl } from './links';
import { sendEmail } from './send';

/** The goodbye notice, sent to the address the account had, once the account is gone. */
export async function sendAccountDeletedEmail(email: string, deletedAt: Date): Promise<void> {
  const formatted = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(deletedAt);
  await sendEmail({
    to: email,
    subject: accountDeletedSubject,
    template: createElement(AccountDeletedEmail, { deletedAt: `${formatted} UTC`, signupUrl: appUrl('/signup') }),
  });
}
