import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { describeDuration } from '@/lib/duration';
import { EmailLayout, styles } from './layout';

export interface ResetPasswordEmailProps {
  /** The full link, `APP_URL/reset-password?access_token=…`. */
  resetUrl: string;
  /** Seconds the link stays valid. */
  expiresIn: number;
}

export const resetPasswordSubject = 'Reset your Latchkey password';

export default function ResetPasswordEmail({ resetUrl, expiresIn }: ResetPasswordEmailProps) {
  const expiry = describeDuration(expiresIn);
  return (
    <EmailLayout title={resetPasswordSubject} preview={`Choose a new password. The link works once, for ${expiry}.`}>
      <Heading as="h1" style={styles.heading}>
        Reset your password
      </Heading>
      <Text style={styles.text}>Someone asked to reset the password for this account. Open the link below to choose a new one.</Text>
      <Section style={{ margin: '8px 0 20px' }}>
        <Button href={resetUrl} style={styles.button}>
          Choose a new password
        </Button>
      </Section>
      <Text style={styles.text}>Or copy this address into your browser:</Text>
      <Link href={resetUrl} style={styles.url}>
        {resetUrl}
      </Link>
      <Text style={styles.muted}>The link expires in {expiry} and works only once. Setting a new password signs you out everywhere.</Text>
      <Text style={styles.muted}>If you did not ask for this, ignore this email: your password stays as it is.</Text>
    </EmailLayout>
  );
}

ResetPasswordEmail.PreviewProps = {
  resetUrl: 'http://localhost:3000/reset-password?access_token=PreviewTokenPreviewTokenPreviewTokenPreviewTokenPreviewToken1234',
  expiresIn: 900,
} satisfies ResetPasswordEmailProps;
