import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { describeDuration } from '@/lib/duration';
import { EmailLayout, styles } from './layout';

export interface VerifyEmailProps {
  /** The full confirmation link. */
  verifyUrl: string;
  /** Seconds the link stays valid. */
  expiresIn: number;
}

export const verifyEmailSubject = 'Confirm your email address for Latchkey';

export default function VerifyEmail({ verifyUrl, expiresIn }: VerifyEmailProps) {
  const expiry = describeDuration(expiresIn);
  return (
    <EmailLayout title={verifyEmailSubject} preview={`Confirm this address to finish setting up your account. The link works for ${expiry}.`}>
      <Heading as="h1" style={styles.heading}>
        Confirm your email address
      </Heading>
      <Text style={styles.text}>Open the link below to confirm that this address belongs to you and finish setting up your account.</Text>
      <Section style={{ margin: '8px 0 20px' }}>
        <Button href={verifyUrl} style={styles.button}>
          Confirm my address
        </Button>
      </Section>
      <Text style={styles.text}>Or copy this address into your browser:</Text>
      <Link href={verifyUrl} style={styles.url}>
        {verifyUrl}
      </Link>
      <Text style={styles.muted}>The link expires in {expiry} and works only once.</Text>
      <Text style={styles.muted}>If you did not create an account, ignore this email: nothing will happen.</Text>
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  verifyUrl: 'http://localhost:3000/verify?uid=1&token=PreviewTokenPreviewTokenPreviewTokenPreviewTokenPreviewToken1234',
  expiresIn: 86400,
} satisfies VerifyEmailProps;
