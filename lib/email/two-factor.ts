import 'server-only';
import { createElement } from 'react';
import { describeDevice } from '@/lib/auth/device';
import type { ChangeOrigin, TwoFactorChange } from '@/lib/auth/mailer';
import TwoFactorChangedEmail, { twoFactorChangedSubject } from '@/emails/two-factor-changed';
import { appUrl } from './links';
import { sendEmail } from './send';

/** Tells the account holder, at the stored address, that two-factor was turned on or off, or new recovery codes were made. */
export async function sendTwoFactorChangedEmail(message: { email: string; change: TwoFactorChange; at: Date; origin: ChangeOrigin }): Promise<void> {
  const formatted = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(message.at);
  await sendEmail({
    to: message.email,
    subject: twoFactorChangedSubject(message.change),
    template: createElement(TwoFactorChangedEmail, {
      change: message.change,
      changedAt: `${formatted} UTC`,
      device: describeDevice(message.origin.userAgent ?? null),
      address: message.origin.sourceAddress ?? null,
      accountUrl: appUrl('/account'),
    }),
  });
}
