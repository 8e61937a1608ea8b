export { sendEmail, type EmailMessage } from './send';
export { appUrl } from './links';
export { resetPasswordUrl, sendPasswordChangedEmail, sendResetPasswordEmail, sendVerifyFirstEmail } from './reset-password';
export { sendVerifyEmail, verifyEmailUrl } from './verify-email';
export { confirmEmailChangeUrl, sendEmailChangeConfirmation, sendEmailChangeNotice, undoEmailChangeUrl } from './email-change';
