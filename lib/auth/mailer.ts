/**
 * The mail the core sends, as a port: lib/auth says what to send, the app decides how
 * (lib/auth-setup.ts plugs in lib/email). The reset link is not here: it goes out through the
 * `resetPasswordRequest` listeners, as in LoopBack.
 */

/** Where a change came from, as the account page describes a session: a browser and an address. */
export interface ChangeOrigin {
  userAgent?: string | null;
  sourceAddress?: string | null;
}

export interface Mailer {
  /** The link that confirms the account's address; `ttl` in seconds. */
  verifyEmail(message: { email: string; userId: number; token: string; ttl: number }): Promise<void>;
  /** Sent instead of a reset link while the address is unverified and verification is required. */
  verifyFirst(email: string): Promise<void>;
  /** To the stored address after a password change or reset. */
  passwordChanged(email: string, changedAt: Date, origin: ChangeOrigin): Promise<void>;
  /** To the new address: the link that makes an email change take effect. */
  emailChangeConfirmation(message: { to: string; token: string; ttl: number }): Promise<void>;
  /** To the old address: what is changing, with an undo link. */
  emailChangeNotice(message: { to: string; maskedNewEmail: string; undoToken: string; ttl: number }): Promise<void>;
  /** To the stored address after two-factor was turned on or off, or new recovery codes were made. */
  twoFactorChanged(message: { email: string; change: TwoFactorChange; at: Date; origin: ChangeOrigin }): Promise<void>;
}

export type TwoFactorChange = 'enabled' | 'disabled' | 'recovery_codes';

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
