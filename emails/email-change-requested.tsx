import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { describeDuration } from '@/lib/duration';
import { EmailLayout, styles } from './layout';

export interface EmailChangeRequestedProps {
  /** The new address, masked (`n***@example.com`). */
  maskedNewEmail: string;
  /** The full undo link. */
  undoUrl: string;
  /** Seconds the undo link stays valid. */
  expiresIn: number;
}

export const emailChangeRequestedSubject = 'Someone asked to change your Latchkey email address';

export default function EmailChangeRequestedEmail({ maskedNewEmail, undoUrl, expiresIn }: EmailChangeRequestedProps) {
  const expiry = describeDuration(expiresIn);
  return (
    <EmailLayout preview={`Someone asked to change your email to ${maskedNewEmail}. If it was not you, undo it.`}>
      <Heading as="h1" style={styles.heading}>
        Your email address may change
      </Heading>
      <Text style={styles.text}>
        Someone asked to change your account&apos;s email to {maskedNewEmail}. It changes once that address confirms it.
      </Text>
      <Text style={styles.text}>If this was you, there is nothing to do. If it was not, undo it:</Text>
      <Section style={{ margin: '8px 0 20px' }}>
        <Button href={undoUrl} style={styles.button}>
          This was not me
        </Button>
      </Section>
      <Text style={styles.text}>Or copy this address into your browser:</Text>
      <Link href={undoUrl} style={styles.url}>
        {undoUrl}
      </Link>
      <Text style={styles.muted}>
        The link works for {expiry}, even after the change has taken effect: it puts this address back and signs the account out everywhere. Then
        reset your password.
      </Text>
    </EmailLayout>
  );
}

EmailChangeRequestedEmail.PreviewProps = {
  maskedNewEmail: 'n***@example.com',
  undoUrl: 'http://localhost:3000/undo-email-change?token=PreviewTokenPreviewTokenPreviewTokenPreviewTokenPreviewToken1234',
  expiresIn: 7 * 86400,
} satisfies EmailChangeRequestedProps;
