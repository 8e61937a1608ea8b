/**
 * Latchkey's core: typed async versions of the LoopBack `User` methods. No Next.js imports here,
 * so both front doors (REST handlers and server actions) and the tests call the same code.
 */
import 'server-only';

export * from './result';
export { login, logout, resolveTtl, type LoginOptions, type LoginSuccess } from './login';
export { createUser, deleteUser, updateUser } from './users';
export { findUserById, findUserByEmail, toUserJSON, normalizeEmail, type UserJSON } from './user-records';
export {
  DEFAULT_SCOPE,
  RESET_PASSWORD_SCOPE,
  countUserTokens,
  bumpCredentialVersion,
  issueAccessToken,
  issueAccessTokenIfCurrent,
  listUserTokens,
  listUserSessions,
  revokeAccessToken,
  revokeAllSessions,
  revokeSession,
  revokeSessionsAfterCredentialChange,
  revokeUserTokenByHandle,
  revokeUserTokens,
  sweepExpiredTokens,
  validateAccessToken,
  type Executor,
  type IssuedToken,
  type KeepToken,
  type SessionJSON,
  type SessionDetail,
  type TokenCheck,
} from './access-tokens';
export { checkNewPassword, hashPassword, verifyPassword } from './passwords';
export { on, off, type AuthHooks, type ResetPasswordRequest } from './hooks';
export { checkResetRequest, requestPasswordReset, resetPassword, setPasswordWithResetToken, type ResetRequest } from './password-reset';
export { changePassword } from './change-password';
export { confirmEmail, requestVerification, sendVerification } from './email-verification';
export {
  cancelEmailChange,
  confirmEmailChange,
  getEmailChangeState,
  maskEmail,
  undoEmailChange,
  UNDO_TTL_SECONDS,
  type EmailChangeState,
} from './email-change';
export { checkPasswordPolicy, checkPasswordPolicyAndBreaches, type PasswordContext } from './password-policy';
export { listUserEvents, recordEvent, type AuditEvent, type AuditEventType } from './audit';
export type { RequestContext } from './context';
export { tooManyRequests } from './throttle';
export {
  hasPassword,
  linkIdentity,
  listIdentities,
  recordProviderFailure,
  signInWithIdentity,
  toIdentityJSON,
  unlinkIdentity,
  type IdentityJSON,
  type ProviderProfile,
  type ProviderSignIn,
} from './identities';
