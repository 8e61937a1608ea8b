import 'server-only';
import { createElement } from 'react';
import { describeDevice } from '@/lib/auth/device';
import type { ChangeOrigin, TwoFactorChange } from '@/lib/auth/mailer';
import TwoFactorChangedEmail, { twoFactorChangedSubject } from '@/emails/two-factor-changed';
import { appUrl, formatWhen } from './links';
import type { EmailMessage } from './send';

/** Tells the account holder, at the stored address, that two-factor was turned on or off, or new recovery codes were made. */
export function composeTwoFactorChangedEmail(message: { email: string; change: TwoFactorChange; at: string; origin: ChangeOrigin }): EmailMessage {
  return {
    to: message.email,
    subject: twoFactorChangedSubject(message.change),
    template: createElement(TwoFactorChangedEmail, {
      change: message.change,
      changedAt: formatWhen(message.at),
      device: describeDevice(message.origin.userAgent ?? null),
      address: message.origin.sourceAddress ?? null,
      accountUrl: appUrl('/account'),
    }),
  };
}
