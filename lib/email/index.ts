export { sendEmail, type EmailMessage } from './send';
export { resetPasswordUrl, sendResetPasswordEmail } from './reset-password';
