import type { User } from '@/lib/db';
import { requireArguments } from './arguments';
import { recordEvent, type RequestContext } from './audit';
import { checkPasswordFor, notifyPasswordChanged, storePassword } from './password-reset';
import { verifyPassword } from './passwords';
import { fail, failure, ok, type Result } from './result';

/**
 * `User.changePassword(userId, oldPassword, newPassword)`: needs the current password; keeps the
 * caller's own token and revokes every other one.
 */
export async function changePassword(
  user: User,
  currentTokenId: string,
  oldPassword: unknown,
  newPassword: unknown,
  context: RequestContext = {},
): Promise<Result<void>> {
  const missing = requireArguments({ oldPassword, newPassword });
  if (missing) return fail(missing);
  if (!(await verifyPassword(oldPassword, user.passwordHash))) {
    await recordEvent({ type: 'password_changed', outcome: 'failure', reason: 'wrong_password', userId: user.id }, context);
    return fail(failure(400, 'Invalid current password', 'INVALID_PASSWORD'));
  }
  const problem = await checkPasswordFor(user, newPassword);
  if (problem) return fail(problem);
  await storePassword(user.id, newPassword as string, currentTokenId);
  await recordEvent({ type: 'password_changed', outcome: 'success', userId: user.id, identifier: user.email }, context);
  notifyPasswordChanged(user, context);
  return ok(undefined);
}
