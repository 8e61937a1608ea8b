import type { User } from '@/lib/db';
import { requireArguments } from './arguments';
import { storePassword } from './password-reset';
import { checkNewPassword, verifyPassword } from './passwords';
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
): Promise<Result<void>> {
  const missing = requireArguments({ oldPassword, newPassword });
  if (missing) return fail(missing);
  if (!(await verifyPassword(oldPassword, user.passwordHash))) {
    return fail(failure(400, 'Invalid current password', 'INVALID_PASSWORD'));
  }
  const problem = checkNewPassword(newPassword);
  if (problem) return fail(problem);
  await storePassword(user.id, newPassword as string, currentTokenId);
  return ok(undefined);
}
