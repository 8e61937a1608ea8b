import { describe, expect, it } from 'vitest';
import { describeEvent } from './activity';

describe('describeEvent', () => {
  it.each([
    ['signup', 'success', null, 'Account created', false],
    ['login', 'success', null, 'Signed in', false],
    ['login', 'failure', 'wrong_password', 'Failed sign-in attempt (wrong password)', true],
    ['login', 'failure', 'email_not_verified', 'Sign-in refused (email address not confirmed yet)', true],
    ['login', 'failure', 'something_new', 'Failed sign-in attempt', true],
    ['logout', 'success', null, 'Signed out', false],
    ['token_revoked', 'success', null, 'A session was logged out', false],
    ['tokens_revoked', 'success', 'others', 'Logged out everywhere else', false],
    ['tokens_revoked', 'success', 'all', 'Logged out of every session', false],
    ['reset_requested', 'success', null, 'Password reset link requested', false],
    ['reset_completed', 'success', null, 'Password reset from an emailed link', false],
    ['reset_completed', 'failure', 'expired_token', 'Password reset failed (the link was wrong or had expired)', true],
    ['password_changed', 'success', null, 'Password changed', false],
    ['password_changed', 'failure', 'wrong_password', 'Failed password change (wrong current password)', true],
    ['email_changed', 'success', null, 'Email address changed', false],
    ['verification_sent', 'success', null, 'Confirmation email sent', false],
    ['email_verified', 'success', null, 'Email address confirmed', false],
    ['imported', 'success', 'loopback', 'Account imported from LoopBack', false],
    ['email_verified', 'failure', 'invalid_token', 'Confirmation link refused (wrong, used or expired)', true],
    ['throttled', 'failure', 'throttled', 'Too many sign-in attempts, slowed down', true],
    ['throttled', 'failure', 'verify', 'Too many requests for a confirmation email, slowed down', true],
    ['throttled', 'failure', 'reset_request', 'Too many password reset requests, slowed down', true],
    ['throttled', 'failure', null, 'Too many attempts, slowed down', true],
    ['throttled', 'failure', 'account_deletion', 'Too many wrong passwords for deleting the account, slowed down', true],
    ['account_deleted', 'failure', 'wrong_password', 'Account deletion refused (wrong password)', true],
    ['login', 'failure', 'otp_required', 'Password accepted, two-factor code asked for', false],
    ['login', 'failure', 'wrong_code', 'Failed sign-in attempt (right password, wrong two-factor code)', true],
    ['second_factor', 'success', 'totp', 'Two-factor code accepted', false],
    ['second_factor', 'success', 'recovery_code', 'Recovery code used', false],
    ['second_factor', 'failure', 'reused_code', 'Two-factor code refused (already used)', true],
    ['second_factor', 'failure', 'wrong_code', 'Wrong two-factor code', true],
    ['two_factor_enabled', 'success', null, 'Two-factor authentication turned on', false],
    ['two_factor_disabled', 'success', null, 'Two-factor authentication turned off', true],
    ['recovery_codes_generated', 'success', null, 'New recovery codes made', false],
    ['reset_completed', 'failure', 'wrong_code', 'Password reset refused (wrong two-factor code)', true],
    ['throttled', 'failure', 'second_factor', 'Too many wrong two-factor codes, slowed down', true],
    ['email_changed', 'success', 'corrected_before_confirming', 'Email address corrected before confirming', false],
  ])('%s/%s/%s → %s', (type, outcome, reason, text, attention) => {
    expect(describeEvent({ type, outcome, reason })).toEqual({ text, attention });
  });

  it('never shows an internal name for an event it does not know', () => {
    expect(describeEvent({ type: 'mystery_event', outcome: 'success', reason: 'x' })).toEqual({ text: 'Account activity', attention: false });
  });
});
