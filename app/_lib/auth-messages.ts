import type { AuthFailure } from '@/lib/auth';

// One field takes either, so the message names both; it never says which of the two was wrong.
export const INVALID_CREDENTIALS = 'Invalid email/username or password.';

/** Sign-up's answer for a taken address; the form puts a link to log in beside it. */
export const EMAIL_TAKEN = 'An account with this email address already exists.';

/** A throttled caller learns when to come back; nothing else about the account. */
export function tooManyAttempts(failure: AuthFailure): string | null {
  if (failure.code !== 'TOO_MANY_REQUESTS') return null;
  const minutes = Math.max(1, Math.ceil((failure.retryAfter ?? 60) / 60));
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/** Every password check is taken (a flood elsewhere): nothing is wrong with what they typed. */
export function serviceBusy(failure: AuthFailure): string | null {
  return failure.code === 'SERVICE_UNAVAILABLE' ? 'We are very busy right now. Please try again in a moment.' : null;
}

export const CHECK_FIELDS = 'Please correct the highlighted fields.';
