import 'server-only';
import { on } from '@/lib/auth/hooks';
import { setMailer } from '@/lib/auth/mailer';
import { sendEmailChangeConfirmation, sendEmailChangeNotice } from '@/lib/email/email-change';
import { sendPasswordChangedEmail, sendResetPasswordEmail, sendVerifyFirstEmail } from '@/lib/email/account-mail';
import { sendTwoFactorChangedEmail } from '@/lib/email/two-factor';
import { sendVerifyEmail } from '@/lib/email/verify-email';

/**
 * The composition root: plugs lib/email into lib/auth. Imported for its effect by every front
 * door (lib/http/route.ts, app/_lib/request-context.ts) and by tests that send mail; importing it
 * twice changes nothing.
 */
setMailer({
  verifyEmail: sendVerifyEmail,
  verifyFirst: sendVerifyFirstEmail,
  passwordChanged: sendPasswordChangedEmail,
  emailChangeConfirmation: sendEmailChangeConfirmation,
  emailChangeNotice: sendEmailChangeNotice,
  twoFactorChanged: sendTwoFactorChangedEmail,
});

// The default listener: email the link. Apps may add listeners of their own with `on`.
on('resetPasswordRequest', sendResetPasswordEmail);
