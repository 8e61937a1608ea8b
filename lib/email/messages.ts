import 'server-only';
import type { MailMessages } from '@/lib/auth/mailer';
import { composePasswordChangedEmail, composeResetPasswordEmail, composeVerifyFirstEmail } from './account-mail';
import { composeAccountDeletedEmail } from './account-deleted';
import { composeEmailChangeConfirmation, composeEmailChangeNotice } from './email-change';
import type { EmailMessage } from './send';
import { composeTwoFactorChangedEmail } from './two-factor';
import { composeVerifyEmail } from './verify-email';

export type MailKind = keyof MailMessages;

const composers: { [K in MailKind]: (message: MailMessages[K]) => EmailMessage } = {
  resetPassword: composeResetPasswordEmail,
  verifyFirst: composeVerifyFirstEmail,
  verifyEmail: composeVerifyEmail,
  passwordChanged: composePasswordChangedEmail,
  emailChangeConfirmation: composeEmailChangeConfirmation,
  emailChangeNotice: composeEmailChangeNotice,
  twoFactorChanged: composeTwoFactorChangedEmail,
  accountDeleted: composeAccountDeletedEmail,
};

export function isMailKind(kind: string): kind is MailKind {
  return Object.hasOwn(composers, kind);
}

/** The message of `kind`, ready to render: templates are rendered at send time, not at queue time. */
export function composeEmail<K extends MailKind>(kind: K, message: MailMessages[K]): EmailMessage {
  return composers[kind](message);
}
