/** The parts of an audit row the owner is shown: never a token or a password (the table holds neither). */
export interface ActivityEvent {
  type: string;
  outcome: string;
  reason: string | null;
}

export interface ActivityDescription {
  text: string;
  /** Something the owner may want to look into: a failure or a slowdown. */
  attention: boolean;
}

const THROTTLED: Record<string, string> = {
  login: 'Too many sign-in attempts, slowed down',
  throttled: 'Too many sign-in attempts, slowed down',
  verify: 'Too many requests for a confirmation email, slowed down',
  reset_request: 'Too many password reset requests, slowed down',
  reset_token: 'Too many wrong reset links, slowed down',
  signup: 'Too many sign-ups, slowed down',
  account_deletion: 'Too many wrong passwords for deleting the account, slowed down',
  second_factor: 'Too many wrong two-factor codes, slowed down',
  two_factor_password: 'Too many wrong passwords for two-factor settings, slowed down',
  provider_callback: 'Too many failed sign-ins through a provider, slowed down',
};

const FAILED_SIGN_IN: Record<string, string> = {
  wrong_password: 'Failed sign-in attempt (wrong password)',
  email_not_verified: 'Sign-in refused (email address not confirmed yet)',
  wrong_code: 'Failed sign-in attempt (right password, wrong two-factor code)',
};

/**
 * An audit event in words people understand ("Signed in", "Failed sign-in attempt (wrong
 * password)"). Types and reasons are fixed words written by lib/auth; anything new reads as
 * plain "Account activity" rather than leaking an internal name onto the page.
 */
export function describeEvent({ type, outcome, reason }: ActivityEvent): ActivityDescription {
  const ok = outcome === 'success';
  const say = (text: string, attention = !ok): ActivityDescription => ({ text, attention });
  switch (type) {
    case 'signup':
      return say('Account created');
    case 'login':
      if (reason === 'otp_required') return say('Password accepted, two-factor code asked for', false);
      return ok ? say('Signed in') : say(FAILED_SIGN_IN[reason ?? ''] ?? 'Failed sign-in attempt');
    case 'second_factor':
      return ok
        ? say(reason === 'recovery_code' ? 'Recovery code used' : 'Two-factor code accepted')
        : say(reason === 'reused_code' ? 'Two-factor code refused (already used)' : 'Wrong two-factor code');
    case 'two_factor_enabled':
      return ok ? say('Two-factor authentication turned on') : say('Two-factor set-up code refused');
    case 'two_factor_disabled':
      return ok ? say('Two-factor authentication turned off', true) : say('Failed attempt to turn off two-factor (wrong password)');
    case 'recovery_codes_generated':
      return ok ? say('New recovery codes made') : say('Failed attempt to make recovery codes (wrong password)');
    case 'logout':
      return say('Signed out');
    case 'token_revoked':
      return say('A session was logged out');
    case 'tokens_revoked':
      return say(reason === 'others' ? 'Logged out everywhere else' : 'Logged out of every session');
    case 'reset_requested':
      return say('Password reset link requested');
    case 'reset_completed':
      if (!ok && reason === 'wrong_code') return say('Password reset refused (wrong two-factor code)');
      return ok ? say('Password reset from an emailed link') : say('Password reset failed (the link was wrong or had expired)');
    case 'password_changed':
      return ok ? say('Password changed') : say('Failed password change (wrong current password)');
    case 'email_changed':
      return ok
        ? say(reason === 'corrected_before_confirming' ? 'Email address corrected before confirming' : 'Email address changed')
        : say('Email change link refused (wrong, used or expired)');
    case 'email_change_requested':
      return ok ? say('Email change asked for (waiting for the new address)') : say('Failed email change (wrong current password)');
    case 'email_change_undone':
      return ok
        ? say(reason === 'reverted' ? 'Email change undone from the old address' : 'Email change cancelled')
        : say('Undo link refused (wrong, used or expired)');
    case 'verification_sent':
      return say('Confirmation email sent');
    case 'email_verified':
      return ok ? say('Email address confirmed') : say('Confirmation link refused (wrong, used or expired)');
    case 'account_deleted':
      // Only a refused deletion can show: a deleted account has no page.
      return say('Account deletion refused (wrong password)', true);
    case 'provider_login':
      return say(
        reason === 'account_exists' ? 'Sign-in through a provider refused (it was not linked to this account)' : 'Failed sign-in through a provider',
      );
    case 'identity_linked':
      return ok ? say('Sign-in provider linked') : say('Linking a sign-in provider refused (linked to another account)');
    case 'identity_unlinked':
      return ok ? say('Sign-in provider unlinked') : say('Unlinking refused (the only way to sign in)');
    case 'imported':
      return say('Account imported from LoopBack');
    case 'throttled':
      return say(THROTTLED[reason ?? ''] ?? 'Too many attempts, slowed down', true);
    default:
      return say('Account activity');
  }
}
