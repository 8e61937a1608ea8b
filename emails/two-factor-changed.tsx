import { Text } from '@react-email/components';
import type { TwoFactorChange } from '@/lib/auth/mailer';
import { EmailButton, EmailLayout, styles } from './layout';

export interface TwoFactorChangedEmailProps {
  change: TwoFactorChange;
  /** When it happened, already formatted for people. */
  changedAt: string;
  /** The browser and system it came from, in words; never a location. */
  device: string;
  address: string | null;
  /** Where to look at the account, and change the password, if this was not them. */
  accountUrl: string;
}

const WORDING: Record<TwoFactorChange, { subject: string; heading: string; text: string }> = {
  enabled: {
    subject: 'Two-factor authentication is on for your Latchkey account',
    heading: 'Two-factor authentication is on',
    text: 'From now on, logging in asks for a code from your authenticator app after your password. Keep your recovery codes somewhere safe.',
  },
  disabled: {
    subject: 'Two-factor authentication was turned off for your Latchkey account',
    heading: 'Two-factor authentication is off',
    text: 'Logging in now needs only your password. Your recovery codes no longer work.',
  },
  recovery_codes: {
    subject: 'New recovery codes for your Latchkey account',
    heading: 'New recovery codes were made',
    text: 'Your earlier recovery codes no longer work; only the new ones do.',
  },
};

export function twoFactorChangedSubject(change: TwoFactorChange): string {
  return WORDING[change].subject;
}

export default function TwoFactorChangedEmail({ change, changedAt, device, address, accountUrl }: TwoFactorChangedEmailProps) {
  const words = WORDING[change];
  return (
    <EmailLayout title={words.subject} preview={`${words.heading} (${changedAt}).`} heading={words.heading}>
      <Text style={styles.text}>{words.text}</Text>
      <Text style={styles.text}>
        When: {changedAt}
        <br />
        Device: {device}
        <br />
        Address: {address ?? 'not recorded'}
      </Text>
      <Text style={styles.text}>If this was you, there is nothing more to do.</Text>
      <Text style={styles.text}>
        If it was not, someone may know your password: change it now and log out every session you don&apos;t recognise.
      </Text>
      <EmailButton href={accountUrl}>Review my account</EmailButton>
    </EmailLayout>
  );
}

TwoFactorChangedEmail.PreviewProps = {
  change: 'enabled',
  changedAt: '28 November 2026 at 14:05 UTC',
  device: 'Firefox on Windows',
  address: '203.0.113.7',
  accountUrl: 'http://localhost:3000/account',
} satisfies TwoFactorChangedEmailProps;
