import { Text } from '@react-email/components';
import { describeDuration } from '@/lib/duration';
import { EmailButton, EmailLayout, styles, type ExpiringLink } from './layout';

export interface VerifyEmailProps extends ExpiringLink {
  /** The full confirmation link. */
  verifyUrl: string;
}

export const verifyEmailSubject = 'Confirm your email address for Latchkey';

export default function VerifyEmail({ verifyUrl, expiresIn }: VerifyEmailProps) {
  const expiry = describeDuration(expiresIn);
  return (
    <EmailLayout
      title={verifyEmailSubject}
      preview={`Confirm this address to finish setting up your account. The link works for ${expiry}.`}
      heading="Confirm your email address"
    >
      <Text style={styles.text}>Open the link below to confirm that this address belongs to you and finish setting up your account.</Text>
      <EmailButton href={verifyUrl}>Confirm my address</EmailButton>
      <Text style={styles.muted}>The link expires in {expiry} and works only once.</Text>
      <Text style={styles.muted}>If you did not create an account, ignore this email: nothing will happen.</Text>
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  verifyUrl: 'http://localhost:3000/verify?uid=1&token=PreviewTokenPreviewTokenPreviewTokenPreviewTokenPreviewToken1234',
  expiresIn: 86400,
} satisfies VerifyEmailProps;
