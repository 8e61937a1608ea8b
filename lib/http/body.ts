import type { Failure } from './errors';

export const MAX_BODY_BYTES = 100 * 1024;

export type Body = Record<string, unknown>;

const TOO_LARGE = { status: 413, name: 'PayloadTooLargeError', message: 'request entity too large' } as const;
const NOT_AN_OBJECT = { status: 400, name: 'Error', message: 'Value is not an object.' } as const;
// The parser's own message can quote the body, and the body may hold a password: never echo it.
// PostgreSQL text cannot hold U+0000, and no field of this API has a use for it.
const NUL_CHARACTER = { status: 400, name: 'Error', message: 'The request body contains a NUL character.', code: 'INVALID_CHARACTER' } as const;
const MALFORMED = { status: 400, name: 'SyntaxError', message: 'Malformed JSON in request body' } as const;

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || hasNul(item, depth + 1));
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: Failure };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

async function readLimited(request: Request): Promise<Parsed<string>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return { ok: false, error: TOO_LARGE };
  if (!request.body) return ok('');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return { ok: false, error: TOO_LARGE };
    }
    chunks.push(value);
  }
  return ok(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Reads a JSON or urlencoded body of at most 100 kB into a plain object. Other content types are
 * ignored (an empty object), as LoopBack's body parsers do.
 */
export async function readBody(request: Request): Promise<Parsed<Body>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const isJson = type === 'application/json' || type.endsWith('+json');
  const isForm = type === 'application/x-www-form-urlencoded';
  const text = await readLimited(request);
  if (!text.ok) return text;
  if (!isJson && !isForm) return ok({});
  if (text.value.trim() === '') return ok({});
  if (isForm) {
    const form = Object.fromEntries(new URLSearchParams(text.value));
    return hasNul(form) ? { ok: false, error: NUL_CHARACTER } : ok(form);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.value);
  } catch {
    return { ok: false, error: MALFORMED };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, error: NOT_AN_OBJECT };
  if (hasNul(parsed)) return { ok: false, error: NUL_CHARACTER };
  return ok(parsed as Body);
}
