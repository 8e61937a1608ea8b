import { Text } from '@react-email/components';
import { describeDuration } from '@/lib/duration';
import { EmailButton, EmailLayout, styles, type ExpiringLink } from './layout';

export interface ResetPasswordEmailProps extends ExpiringLink {
  /** The full link, `APP_URL/reset-password?access_token=…`. */
  resetUrl: string;
}

export const resetPasswordSubject = 'Reset your Latchkey password';

export default function ResetPasswordEmail({ resetUrl, expiresIn }: ResetPasswordEmailProps) {
  const expiry = describeDuration(expiresIn);
  return (
    <EmailLayout title={resetPasswordSubject} preview={`Choose a new password. The link works once, for ${expiry}.`} heading="Reset your password">
      <Text style={styles.text}>Someone asked to reset the password for this account. Open the link below to choose a new one.</Text>
      <EmailButton href={resetUrl}>Choose a new password</EmailButton>
      <Text style={styles.muted}>The link expires in {expiry} and works only once. Setting a new password signs you out everywhere.</Text>
      <Text style={styles.muted}>If you did not ask for this, ignore this email: your password stays as it is.</Text>
    </EmailLayout>
  );
}

ResetPasswordEmail.PreviewProps = {
  resetUrl: 'http://localhost:3000/reset-password?access_token=PreviewTokenPreviewTokenPreviewTokenPreviewTokenPreviewToken1234',
  expiresIn: 900,
} satisfies ResetPasswordEmailProps;
