import { Link, Text } from '@react-email/components';
import { EmailLayout, styles } from './layout';

export interface VerifyFirstEmailProps {
  /** Where the account holder can sign in and ask for a new confirmation email. */
  loginUrl: string;
}

export const verifyFirstSubject = 'Confirm your email address before resetting your Latchkey password';

/** Sent instead of a reset link when the address has not been confirmed yet. */
export default function VerifyFirstEmail({ loginUrl }: VerifyFirstEmailProps) {
  return (
    <EmailLayout
      title={verifyFirstSubject}
      preview="This address has not been confirmed yet, so we cannot reset its password."
      heading="Confirm your address first"
    >
      <Text style={styles.text}>
        Someone asked to reset the password for this account, but this email address has not been confirmed yet. Find the confirmation email we sent
        when the account was created and follow its link, then ask for a password reset again.
      </Text>
      <Text style={styles.text}>
        Lost it? Sign in and ask for a new one:{' '}
        <Link href={loginUrl} style={styles.link}>
          {loginUrl}
        </Link>
      </Text>
      <Text style={styles.muted}>If you did not ask for this, ignore this email: nothing has changed.</Text>
    </EmailLayout>
  );
}

VerifyFirstEmail.PreviewProps = { loginUrl: 'http://localhost:3000/login' } satisfies VerifyFirstEmailProps;
