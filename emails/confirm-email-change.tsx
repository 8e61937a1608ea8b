import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { describeDuration } from '@/lib/duration';
import { EmailLayout, styles } from './layout';

export interface ConfirmEmailChangeProps {
  /** The full confirmation link. */
  confirmUrl: string;
  /** Seconds the link stays valid. */
  expiresIn: number;
}

export const confirmEmailChangeSubject = 'Confirm your new email address for Latchkey';

export default function ConfirmEmailChangeEmail({ confirmUrl, expiresIn }: ConfirmEmailChangeProps) {
  const expiry = describeDuration(expiresIn);
  return (
    <EmailLayout preview={`Confirm this address to make it your account's email. The link works for ${expiry}.`}>
      <Heading as="h1" style={styles.heading}>
        Confirm your new email address
      </Heading>
      <Text style={styles.text}>
        Someone asked to use this address for a Latchkey account. Until you confirm it, the account keeps its old address.
      </Text>
      <Section style={{ margin: '8px 0 20px' }}>
        <Button href={confirmUrl} style={styles.button}>
          Use this address
        </Button>
      </Section>
      <Text style={styles.text}>Or copy this address into your browser:</Text>
      <Link href={confirmUrl} style={styles.url}>
        {confirmUrl}
      </Link>
      <Text style={styles.muted}>The link expires in {expiry} and works only once. Confirming signs the account out everywhere else.</Text>
      <Text style={styles.muted}>If you did not ask for this, ignore this email: nothing will change.</Text>
    </EmailLayout>
  );
}

ConfirmEmailChangeEmail.PreviewProps = {
  confirmUrl: 'http://localhost:3000/confirm-email?token=PreviewTokenPreviewTokenPreviewTokenPreviewTokenPreviewToken1234',
  expiresIn: 86400,
} satisfies ConfirmEmailChangeProps;
