import 'server-only';
import { env } from '@/lib/env';
import { cooldownKeys, cooldownLeft } from '@/lib/auth/cooldown';
import { describeDuration } from '@/lib/duration';

/** The limits on new links, said before they bite. */
export function resendLimitNote(): string {
  const count = env.RESET_ACCOUNT_LIMIT * env.THROTTLE_MULTIPLIER;
  const per = env.RESET_REQUEST_WINDOW === 3600 ? 'an hour' : `every ${describeDuration(env.RESET_REQUEST_WINDOW)}`;
  const pace = env.VERIFY_RESEND_COOLDOWN > 0 ? `, at most one every ${env.VERIFY_RESEND_COOLDOWN} seconds` : '';
  return `You can ask for ${count} new link${count === 1 ? '' : 's'} ${per}${pace}.`;
}

/** Seconds before the account may have another link. */
export function resendWait(userId: number | string): Promise<number> {
  return cooldownLeft(cooldownKeys.verifyResend(userId), env.VERIFY_RESEND_COOLDOWN);
}
