import { Heading, Link, Text } from '@react-email/components';
import { EmailLayout, styles } from './layout';

export interface PasswordChangedEmailProps {
  /** When the change happened, already formatted for people. */
  changedAt: string;
  /** Where to start a reset if the change was not theirs. */
  forgotPasswordUrl: string;
}

export const passwordChangedSubject = 'Your Latchkey password was changed';

export default function PasswordChangedEmail({ changedAt, forgotPasswordUrl }: PasswordChangedEmailProps) {
  return (
    <EmailLayout preview={`Your password was changed on ${changedAt}.`}>
      <Heading as="h1" style={styles.heading}>
        Your password was changed
      </Heading>
      <Text style={styles.text}>
        The password for your account was changed on {changedAt}. Every other session was signed out.
      </Text>
      <Text style={styles.text}>If this was you, there is nothing more to do.</Text>
      <Text style={styles.text}>
        If it was not, reset your password now: <Link href={forgotPasswordUrl}>{forgotPasswordUrl}</Link>
      </Text>
    </EmailLayout>
  );
}

PasswordChangedEmail.PreviewProps = {
  changedAt: '28 November 2026 at 14:05 UTC',
  forgotPasswordUrl: 'http://localhost:3000/forgot-password',
} satisfies PasswordChangedEmailProps;
