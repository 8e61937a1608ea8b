/**
 * Expected failures of the core, shaped like the errors LoopBack's `User` model raises
 * (they carry their HTTP status there too), so both front doors can present them faithfully.
 * The REST door sends status, name, message, code and details as LoopBack does; the pages word
 * a failure by its `code`, its `reason` and its fields' codes, never by its English message.
 */

/** The failure codes, sent as `code`: LoopBack's where it has one, so its clients keep matching. */
export const FAILURE_CODES = [
  'ACCOUNT_EXISTS',
  'ARGUMENT_REQUIRED',
  'AUTHORIZATION_REQUIRED',
  'CURRENT_PASSWORD_REQUIRED',
  'EMAIL_NOT_CORRECTABLE',
  'EMAIL_REQUIRED',
  'IDENTITY_TAKEN',
  'INVALID_EMAIL',
  'INVALID_OTP',
  'INVALID_PASSWORD',
  'INVALID_REALM',
  'INVALID_TOKEN',
  'INVALID_TTL',
  'INVALID_USERNAME',
  'LAST_SIGN_IN_METHOD',
  'LOGIN_FAILED',
  'LOGIN_FAILED_EMAIL_NOT_VERIFIED',
  'OTP_ALREADY_ENABLED',
  'OTP_NOT_ENABLED',
  'OTP_NOT_STARTED',
  'OTP_REQUIRED',
  'MODEL_NOT_FOUND',
  'NO_VERIFIED_EMAIL',
  'PASSWORD_CHANGE_NOT_ALLOWED',
  'PASSWORD_TOO_LONG',
  'REALM_REQUIRED',
  'SERVICE_UNAVAILABLE',
  'SIGNUP_NOT_AVAILABLE',
  'TOO_MANY_REQUESTS',
  'USERNAME_EMAIL_REQUIRED',
  'USER_NOT_FOUND',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/**
 * Finer than a code, where one LoopBack code covers several causes (`INVALID_PASSWORD` is a weak
 * new password and a wrong current one alike). Never sent over REST.
 */
export const FAILURE_REASONS = [
  /** Not a string, or empty. */
  'password-invalid',
  'password-too-short',
  /** Over bcrypt's 72 bytes. */
  'password-too-long',
  /** On the common-passwords list, or as easy to guess. */
  'password-common',
  /** A listed password with a short tail of digits or symbols. */
  'password-common-with-suffix',
  /** Built from the account's email, username or the product's name. */
  'password-contains-personal-info',
  /** Seen in a data breach (BREACHED_PASSWORD_CHECK). */
  'password-breached',
  /** The current password given to change a password, an address or delete the account is wrong. */
  'wrong-current-password',
  /** The account has no password to check (made through a sign-in provider): it sets one first. */
  'no-password',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * A `ValidationError`'s per-field codes (LoopBack's): `presence` (blank), `absence` (may not be
 * set), `uniqueness` (taken), `custom.email` and `custom.username` (malformed), `unknown-property`.
 */
export type FieldCode = 'presence' | 'absence' | 'uniqueness' | 'custom.email' | 'custom.username' | 'unknown-property';

export interface ValidationDetails {
  context: string;
  codes: Record<string, string[]>;
  messages: Record<string, string[]>;
}

export interface AuthFailure {
  status: 400 | 401 | 403 | 404 | 422 | 429 | 503;
  name: 'Error' | 'ValidationError';
  message: string;
  code?: FailureCode;
  reason?: FailureReason;
  details?: ValidationDetails;
  /** The account an otherwise generic failure concerns (LoopBack sends it as `details.userId`). */
  userId?: number;
  /** Seconds until a throttled (or turned away) caller may try again. */
  retryAfter?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AuthFailure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: AuthFailure): Result<T> => ({ ok: false, error });

export function failure(status: AuthFailure['status'], message: string, code?: FailureCode, reason?: FailureReason): AuthFailure {
  return { status, name: 'Error', message, ...(code !== undefined && { code }), ...(reason !== undefined && { reason }) };
}

/** Whether a `ValidationError` gives `field` this code (never for any other failure). */
export function hasFieldCode(failure: AuthFailure, field: string, code: FieldCode): boolean {
  return failure.details?.codes[field]?.includes(code) ?? false;
}

export const AUTHORIZATION_REQUIRED = failure(401, 'Authorization Required', 'AUTHORIZATION_REQUIRED');
export const INVALID_TOKEN = failure(401, 'Invalid Access Token', 'INVALID_TOKEN');
export const INVALID_CURRENT_PASSWORD = failure(400, 'Invalid current password', 'INVALID_PASSWORD', 'wrong-current-password');

/**
 * Whether an error may repeat what the client sent. Not for properties the model does not know
 * (a `passwordConfirm` would be echoed back), nor for anything that looks like a secret.
 */
function mayEcho(entry: { field: string; code: string }): boolean {
  return entry.code !== 'unknown-property' && !/pass|secret|token|key/i.test(entry.field);
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? '[Array]' : '[Object]';
}

/** Collects field errors and renders them as LoopBack's 422 `ValidationError`. */
export class ValidationErrors {
  private readonly entries: { field: string; code: FieldCode; message: string; value: unknown }[] = [];

  add(field: string, code: FieldCode, message: string, value: unknown): this {
    this.entries.push({ field, code, message, value });
    return this;
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  has(field: string): boolean {
    return this.entries.some((e) => e.field === field);
  }

  toFailure(context = 'User'): AuthFailure {
    // Field names come from the client (unknown properties are named back to it), so they are
    // collected in Maps: a plain object would find `constructor` or `__proto__` on its prototype.
    const codes = new Map<string, FieldCode[]>();
    const messages = new Map<string, string[]>();
    for (const e of this.entries) {
      codes.set(e.field, [...(codes.get(e.field) ?? []), e.code]);
      messages.set(e.field, [...(messages.get(e.field) ?? []), e.message]);
    }
    const summary = this.entries
      .map((e) => `\`${e.field}\` ${e.message} (value: ${e.value === undefined || mayEcho(e) ? show(e.value) : '[not shown]'})`)
      .join('; ');
    return {
      status: 422,
      name: 'ValidationError',
      message: `The \`${context}\` instance is not valid. Details: ${summary}.`,
      details: { context, codes: Object.fromEntries(codes), messages: Object.fromEntries(messages) },
    };
  }
}
