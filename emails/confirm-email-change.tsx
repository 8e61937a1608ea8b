import { Text } from '@react-email/components';
import { describeDuration } from '@/lib/duration';
import { EmailButton, EmailLayout, styles, type ExpiringLink } from './layout';

export interface ConfirmEmailChangeProps extends ExpiringLink {
  /** The full confirmation link. */
  confirmUrl: string;
}

export const confirmEmailChangeSubject = 'Confirm your new email address for Latchkey';

export default function ConfirmEmailChangeEmail({ confirmUrl, expiresIn }: ConfirmEmailChangeProps) {
  const expiry = describeDuration(expiresIn);
  return (
    <EmailLayout
      preview={`Confirm this address to make it your account's email. The link works for ${expiry}.`}
      heading="Confirm your new email address"
    >
      <Text style={styles.text}>
        Someone asked to use this address for a Latchkey account. Until you confirm it, the account keeps its old address.
      </Text>
      <EmailButton href={confirmUrl}>Use this address</EmailButton>
      <Text style={styles.muted}>The link expires in {expiry} and works only once. Confirming signs the account out everywhere else.</Text>
      <Text style={styles.muted}>If you did not ask for this, ignore this email: nothing will change.</Text>
    </EmailLayout>
  );
}

ConfirmEmailChangeEmail.PreviewProps = {
  confirmUrl: 'http://localhost:3000/confirm-email?token=PreviewTokenPreviewTokenPreviewTokenPreviewTokenPreviewToken1234',
  expiresIn: 86400,
} satisfies ConfirmEmailChangeProps;
