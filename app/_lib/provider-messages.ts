import { findSignInProvider } from '@/lib/oidc/providers';

/**
 * What a failed sign-in or link at a provider says on the page it ends on. Chosen by a fixed key,
 * and the provider named from the settings, so the query string can never put words on the page.
 */
export function providerFailureMessage(key: string | undefined, providerId: string | undefined): string | null {
  if (!key) return null;
  const name = findSignInProvider(providerId)?.name ?? 'the provider';
  switch (key) {
    case 'cancelled':
      return `Sign-in with ${name} was cancelled. Nothing was changed.`;
    case 'state':
      return `That sign-in with ${name} had expired or was not started in this browser. Please try again.`;
    case 'provider-error':
      return `${name} refused the sign-in. Please try again; if it keeps happening, log in another way.`;
    case 'provider-unavailable':
      return `We couldn't reach ${name} just now. Please try again in a moment, or log in another way.`;
    case 'invalid-response':
      return `${name} sent an answer we couldn't trust, so you were not signed in. Please try again.`;
    case 'no-verified-email':
      return `${name} didn't give us an email address it has verified, so we couldn't create an account. Verify your address there, or sign up with a password.`;
    case 'account-exists':
      return `An account with the email address from ${name} already exists. Log in with its password, then link ${name} from your account page.`;
    case 'identity-taken':
      return `That ${name} account is already linked to another Latchkey account, so it wasn't linked to this one.`;
    case 'email-not-verified':
      return 'Your account’s email address isn’t confirmed yet. Follow the link we emailed you, then try again.';
    case 'signup-not-available':
      return `Accounts can't be created with ${name} here. Sign up with a password, then link ${name} from your account page.`;
    case 'unknown-provider':
      return 'That sign-in provider is not available.';
    case 'throttled':
      return 'Too many failed sign-in attempts from your network. Please wait a few minutes and try again.';
    case 'database-unavailable':
      return 'Latchkey cannot reach its database just now, so you were not signed in. Please try again shortly.';
    case 'failed':
      return 'Something went wrong while signing you in. Please try again.';
    default:
      return null;
  }
}
