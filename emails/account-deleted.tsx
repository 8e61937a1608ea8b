import { Link, Text } from '@react-email/components';
import { EmailLayout, styles } from './layout';

export interface AccountDeletedEmailProps {
  /** When the account was deleted, already formatted for people. */
  deletedAt: string;
  /** Where a new account can be made, should they want one. */
  signupUrl: string;
}

export const accountDeletedSubject = 'Your Latchkey account was deleted';

/** The last message to an address: nothing in it works as a way back into the deleted account. */
export default function AccountDeletedEmail({ deletedAt, signupUrl }: AccountDeletedEmailProps) {
  return (
    <EmailLayout title={accountDeletedSubject} preview={`Your account was deleted on ${deletedAt}.`} heading="Your account was deleted">
      <Text style={styles.text}>
        Your Latchkey account was deleted on {deletedAt}. Every session was signed out and your details were removed; we will not email this address
        again.
      </Text>
      <Text style={styles.text}>
        If you did not delete it, someone else knew your password: change it wherever else you use it. The account cannot be brought back, but you can
        create a new one:
      </Text>
      <Link href={signupUrl} style={styles.url}>
        {signupUrl}
      </Link>
      <Text style={styles.text}>Goodbye, and thank you for using Latchkey.</Text>
    </EmailLayout>
  );
}

AccountDeletedEmail.PreviewProps = {
  deletedAt: '28 November 2026 at 14:05 UTC',
  signupUrl: 'http://localhost:3000/signup',
} satisfies AccountDeletedEmailProps;
