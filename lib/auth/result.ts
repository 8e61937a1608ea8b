/**
 * Expected failures of the core, shaped like the errors LoopBack's `User` model raises
 * (they carry their HTTP status there too), so both front doors can present them faithfully.
 */
export interface ValidationDetails {
  context: string;
  codes: Record<string, string[]>;
  messages: Record<string, string[]>;
}

export interface AuthFailure {
  status: 400 | 401 | 403 | 404 | 422 | 429 | 503;
  name: 'Error' | 'ValidationError';
  message: string;
  code?: string;
  details?: ValidationDetails;
  /** The account an otherwise generic failure concerns (LoopBack sends it as `details.userId`). */
  userId?: number;
  /** Seconds until a throttled (or turned away) caller may try again. */
  retryAfter?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AuthFailure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: AuthFailure): Result<T> => ({ ok: false, error });

export function failure(status: AuthFailure['status'], message: string, code?: string): AuthFailure {
  return code === undefined ? { status, name: 'Error', message } : { status, name: 'Error', message, code };
}

export const AUTHORIZATION_REQUIRED = failure(401, 'Authorization Required', 'AUTHORIZATION_REQUIRED');
export const INVALID_TOKEN = failure(401, 'Invalid Access Token', 'INVALID_TOKEN');

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
  private readonly entries: { field: string; code: string; message: string; value: unknown }[] = [];

  add(field: string, code: string, message: string, value: unknown): this {
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
    const codes = new Map<string, string[]>();
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
