import type { Executor } from './access-tokens';

/**
 * The mail the core sends, as a port: lib/auth says what to send, the app decides how
 * (lib/auth-setup.ts plugs in lib/email's outbox). A message is queued on the transaction handle
 * of the change that causes it, so the two commit together or not at all (docs/decisions/025).
 */

/** Where a change came from, as the account page describes a session: a browser and an address. */
export interface ChangeOrigin {
  userAgent?: string | null;
  sourceAddress?: string | null;
}

export type TwoFactorChange = 'enabled' | 'disabled' | 'recovery_codes';

/**
 * Every message, by kind, with what it says. Plain JSON values only (times as ISO strings): a
 * message is stored until it is sent, possibly by another process.
 */
export interface MailMessages {
  /** The reset link; `ttl` in seconds. */
  resetPassword: { email: string; token: string; ttl: number };
  /** Sent instead of a reset link while the address is unverified and verification is required. */
  verifyFirst: { email: string };
  /** The link that confirms the account's address; `ttl` in seconds. */
  verifyEmail: { email: string; userId: number; token: string; ttl: number };
  /** To the stored address after a password change or reset. */
  passwordChanged: { email: string; at: string; origin: ChangeOrigin };
  /** To the new address: the link that makes an email change take effect. */
  emailChangeConfirmation: { to: string; token: string; ttl: number };
  /** To the old address: what is changing, with an undo link. */
  emailChangeNotice: { to: string; maskedNewEmail: string; undoToken: string; ttl: number };
  /** To the stored address after two-factor was turned on or off, or new recovery codes were made. */
  twoFactorChanged: { email: string; change: TwoFactorChange; at: string; origin: ChangeOrigin };
  /** The goodbye notice, to the address the account had. */
  accountDeleted: { email: string; at: string };
}

export interface Mailer {
  /** Records `message` for sending once `tx` commits; nothing is sent if it rolls back. */
  queue<K extends keyof MailMessages>(tx: Executor, kind: K, message: MailMessages[K]): Promise<void>;
}

// Kept on globalThis: Next.js may load this module once per bundle (instrumentation, routes),
// and a mailer plugged in through one copy must be seen by every other.
const slot = Symbol.for('latchkey.mailer');
type Holder = { [slot]?: Mailer };

/** Plugs in the mailer; the last one wins. */
export function setMailer(mailer: Mailer): void {
  (globalThis as Holder)[slot] = mailer;
}

/** The mailer plugged in; sending without one is a wiring fault, not something to skip quietly. */
export function mailer(): Mailer {
  const current = (globalThis as Holder)[slot];
  if (!current) throw new Error('no mailer: import @/lib/auth-setup in the front door');
  return current;
}
