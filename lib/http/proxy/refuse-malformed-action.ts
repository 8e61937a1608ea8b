import { NextResponse, type NextRequest } from 'next/server';

/**
 * Server actions are public endpoints, and Next answers a call it cannot decode (a broken
 * payload, a wrong content type, a reference to something that is not there) with a bare 500.
 * This step reads the call the way the forms send it and refuses anything else with a plain 400,
 * before Next's decoder sees it:
 * - with JavaScript, a POST with a `Next-Action` header whose body is the arguments in React's
 *   reply format: multipart form data with the root in field `0`, or the root alone as text;
 * - without, a form post whose `$ACTION_REF_n` names `$ACTION_n:0` ({ id, bound }) and, when
 *   bound, `$ACTION_n:k` (a list of arguments).
 * The app's forms pass only plain values and FormData, so a root may hold plain JSON, strings
 * escaped with `$$`, and the few typed values below; React's other references (server
 * references, promises, maps, streams…) are never sent by them and are refused.
 */

const ALLOWED_REFERENCE = /^\$(?:\$|K[0-9a-f]{1,8}$|undefined$|Infinity$|-Infinity$|NaN$|-0$|D[0-9TZ:.+-]{1,40}$|n-?\d{1,400}$)/;
const MAX_DEPTH = 64;
const MAX_SCANNED_BYTES = 1024 * 1024;

const refuse = () =>
  new NextResponse('The form submission could not be read.\n', {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });

function plainValue(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !value.startsWith('$') || ALLOWED_REFERENCE.test(value);
  if (value === null || typeof value !== 'object') return true;
  if (depth > MAX_DEPTH) return false;
  return Object.values(value).every((item) => plainValue(item, depth + 1));
}

/** A JSON text holding a list of arguments React can decode without surprises. */
function argumentList(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && plainValue(parsed);
  } catch {
    return false;
  }
}

function boundAction(text: unknown, form: FormData, prefix: string): boolean {
  if (typeof text !== 'string') return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object' || typeof (parsed as { id?: unknown }).id !== 'string') return false;
  const bound = (parsed as { bound?: unknown }).bound;
  if (bound === null || bound === undefined) return true;
  const part = typeof bound === 'string' ? /^\$@([0-9a-f]{1,8})$/.exec(bound) : null;
  return part !== null && argumentList(form.get(`${prefix}${parseInt(part[1]!, 16)}`));
}

function baseType(request: NextRequest): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

async function readForm(request: NextRequest): Promise<FormData | null> {
  try {
    return await request.clone().formData();
  } catch {
    return null;
  }
}

async function wellFormedCall(request: NextRequest): Promise<boolean> {
  const type = baseType(request);
  if (type === 'text/plain') return argumentList(await request.clone().text());
  if (type !== 'multipart/form-data') return false;
  const form = await readForm(request);
  return form !== null && argumentList(form.get('0'));
}

async function wellFormedFormPost(request: NextRequest): Promise<boolean> {
  const type = baseType(request);
  if (type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded') return true;
  const form = await readForm(request);
  if (form === null) return false;
  for (const key of form.keys()) {
    const ref = /^\$ACTION_REF_(.*)$/.exec(key);
    if (ref && !(/^\d{1,6}$/.test(ref[1]!) && boundAction(form.get(`$ACTION_${ref[1]}:0`), form, `$ACTION_${ref[1]}:`))) return false;
  }
  return true;
}

export async function refuseMalformedAction(request: NextRequest): Promise<NextResponse | undefined> {
  if (request.method !== 'POST' || request.nextUrl.pathname.startsWith('/api/')) return undefined;
  // Next refuses an oversized body itself, with a clear 413; scanning it here would only cost.
  if (Number(request.headers.get('content-length') ?? 0) > MAX_SCANNED_BYTES) return undefined;
  const wellFormed = request.headers.has('next-action') ? await wellFormedCall(request) : await wellFormedFormPost(request);
  return wellFormed ? undefined : refuse();
}
