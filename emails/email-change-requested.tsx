import { Text } from '@react-email/components';
import { describeDuration } from '@/lib/duration';
import { EmailButton, EmailLayout, styles, type ExpiringLink } from './layout';

export interface EmailChangeRequestedProps extends ExpiringLink {
  /** The new address, masked (`n***@example.com`). */
  maskedNewEmail: string;
  /** The full undo link. */
  undoUrl: string;
}

export const emailChangeRequestedSubject = 'Someone asked to change your Latchkey email address';

export default function EmailChangeRequestedEmail({ maskedNewEmail, undoUrl, expiresIn }: EmailChangeRequestedProps) {
  const expiry = describeDuration(expiresIn);
  return (
    <EmailLayout
      preview={`Someone asked to change your email to ${maskedNewEmail}. If it was not you, undo it.`}
      heading="Your email address may change"
    >
      <Text style={styles.text}>
        Someone asked to change your account&apos;s email to {maskedNewEmail}. It changes once that address confirms it.
      </Text>
      <Text style={styles.text}>If this was you, there is nothing to do. If it was not, undo it:</Text>
      <EmailButton href={undoUrl}>This was not me</EmailButton>
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
