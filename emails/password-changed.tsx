import { Text } from '@react-email/components';
import { EmailButton, EmailLayout, styles } from './layout';

export interface PasswordChangedEmailProps {
  /** When the change happened, already formatted for people. */
  changedAt: string;
  /** The browser and system it came from, in words ("Chrome on macOS"); never a location. */
  device: string;
  /** The address it came from, when known. */
  address: string | null;
  /** Where to start a reset if the change was not theirs. */
  forgotPasswordUrl: string;
}

export const passwordChangedSubject = 'Your Latchkey password was changed';

export default function PasswordChangedEmail({ changedAt, device, address, forgotPasswordUrl }: PasswordChangedEmailProps) {
  return (
    <EmailLayout title={passwordChangedSubject} preview={`Your password was changed on ${changedAt}.`} heading="Your password was changed">
      <Text style={styles.text}>The password for your account was changed on {changedAt}. Every other session was signed out.</Text>
      <Text style={styles.text}>
        When: {changedAt}
        <br />
        Device: {device}
        <br />
        Address: {address ?? 'not recorded'}
      </Text>
      <Text style={styles.text}>If this was you, there is nothing more to do.</Text>
      <Text style={styles.text}>If it was not, reset your password now from the link below.</Text>
      <EmailButton href={forgotPasswordUrl}>Reset my password</EmailButton>
    </EmailLayout>
  );
}

PasswordChangedEmail.PreviewProps = {
  changedAt: '28 November 2026 at 14:05 UTC',
  device: 'Firefox on Windows',
  address: '203.0.113.7',
  forgotPasswordUrl: 'http://localhost:3000/forgot-password',
} satisfies PasswordChangedEmailProps;
