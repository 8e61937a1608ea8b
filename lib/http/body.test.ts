import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, readBody } from './body';

function request(body: BodyInit | undefined, contentType?: string, headers: Record<string, string> = {}) {
  return new Request('http://latchkey.test/api/users', {
    method: 'POST',
    body,
    headers: { ...(contentType && { 'content-type': contentType }), ...headers },
  });
}

/** A body that arrives as a stream with no Content-Length, as chunked uploads do. */
function streamed(text: string, chunk = 8192) {
  const bytes = new TextEncoder().encode(text);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunk) controller.enqueue(bytes.slice(i, i + chunk));
      controller.close();
    },
  });
  return new Request('http://latchkey.test/api/users', {
    method: 'POST',
    body: stream,
    headers: { 'content-type': 'application/json' },
    duplex: 'half',
  } as RequestInit);
}

describe('readBody', () => {
  it('parses a JSON object', async () => {
    expect(await readBody(request('{"email":"a@b.com","n":1}', 'application/json'))).toEqual({
      ok: true,
      value: { email: 'a@b.com', n: 1 },
    });
  });

  it('accepts a charset parameter, any case, and +json types', async () => {
    expect(await readBody(request('{"a":1}', 'Application/JSON; charset=utf-8'))).toEqual({ ok: true, value: { a: 1 } });
    expect(await readBody(request('{"a":1}', 'application/vnd.api+json'))).toEqual({ ok: true, value: { a: 1 } });
  });

  it('parses urlencoded forms, keeping every value a string', async () => {
    const parsed = await readBody(request('email=a%40b.com&password=p%26ss+word&ttl=60', 'application/x-www-form-urlencoded'));
    expect(parsed).toEqual({ ok: true, value: { email: 'a@b.com', password: 'p&ss word', ttl: '60' } });
  });

  it('does not build nested objects from bracketed form keys', async () => {
    const parsed = await readBody(request('email[$ne]=x', 'application/x-www-form-urlencoded'));
    expect(parsed).toEqual({ ok: true, value: { 'email[$ne]': 'x' } });
  });

  it('reads an empty body, or one of another type, as an empty object', async () => {
    expect(await readBody(request(undefined))).toEqual({ ok: true, value: {} });
    expect(await readBody(request('', 'application/json'))).toEqual({ ok: true, value: {} });
    expect(await readBody(request('  \n', 'application/json'))).toEqual({ ok: true, value: {} });
    expect(await readBody(request('{"a":1}', 'text/plain'))).toEqual({ ok: true, value: {} });
    expect(await readBody(request('{"a":1}'))).toEqual({ ok: true, value: {} });
  });

  it('refuses malformed JSON with 400 and never echoes the body', async () => {
    for (const text of ['{"password":"hunter2-secret"', '{bad', "{'a':1}", '{"a":1}}']) {
      const parsed = await readBody(request(text, 'application/json'));
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.error).toMatchObject({ status: 400, name: 'SyntaxError' });
      expect(JSON.stringify(parsed.error)).not.toContain('hunter2');
      expect(parsed.error.message).not.toContain(text);
    }
  });

  it('refuses JSON that is not an object: 400 "Value is not an object."', async () => {
    for (const text of ['[]', '[{"email":"a@b.com"}]', '"a string"', '42', 'true', 'null']) {
      expect(await readBody(request(text, 'application/json'))).toEqual({
        ok: false,
        error: { status: 400, name: 'Error', message: 'Value is not an object.' },
      });
    }
  });

  it('keeps __proto__ an own property instead of changing the prototype', async () => {
    const parsed = await readBody(request('{"__proto__":{"admin":true}}', 'application/json'));
    if (!parsed.ok) throw new Error('expected an object');
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect((parsed.value as { admin?: unknown }).admin).toBeUndefined();
  });

  it('accepts exactly 100 kB and refuses one byte more with 413', async () => {
    const fits = `{"a":"${'x'.repeat(MAX_BODY_BYTES - 8)}"}`;
    expect(Buffer.byteLength(fits)).toBe(MAX_BODY_BYTES);
    expect((await readBody(request(fits, 'application/json'))).ok).toBe(true);
    const over = `{"a":"${'x'.repeat(MAX_BODY_BYTES - 7)}"}`;
    expect(await readBody(request(over, 'application/json'))).toEqual({
      ok: false,
      error: { status: 413, name: 'PayloadTooLargeError', message: 'request entity too large' },
    });
  });

  it('counts bytes, not characters', async () => {
    const text = `{"a":"${'é'.repeat(60 * 1024)}"}`; // 120 kB in UTF-8
    expect((await readBody(request(text, 'application/json'))).ok).toBe(false);
  });

  it('refuses an oversized body without a Content-Length while reading it', async () => {
    const parsed = await readBody(streamed(`{"a":"${'x'.repeat(200 * 1024)}"}`));
    expect(parsed).toMatchObject({ ok: false, error: { status: 413 } });
  });

  it('refuses a declared Content-Length over the limit before reading, whatever the type', async () => {
    const req = request('{}', 'text/plain', { 'content-length': String(10 * 1024 * 1024) });
    expect(await readBody(req)).toMatchObject({ ok: false, error: { status: 413 } });
  });

  it('applies the limit to bodies it would otherwise ignore', async () => {
    expect(await readBody(request('x'.repeat(200 * 1024), 'text/plain'))).toMatchObject({ ok: false, error: { status: 413 } });
  });

  it('refuses a NUL character anywhere in the body, which PostgreSQL text cannot hold', async () => {
    const nul = { status: 400, name: 'Error', message: 'The request body contains a NUL character.', code: 'INVALID_CHARACTER' };
    expect(await readBody(request('{"email":"a\\u0000@b.com"}', 'application/json'))).toEqual({ ok: false, error: nul });
    expect(await readBody(request('{"a":{"b":["x\\u0000"]}}', 'application/json'))).toEqual({ ok: false, error: nul });
    expect(await readBody(request('email=a%00b', 'application/x-www-form-urlencoded'))).toEqual({ ok: false, error: nul });
    // The six characters `\u0000` typed as text are an ordinary string.
    expect(await readBody(request('{"password":"\\\\u0000"}', 'application/json'))).toEqual({ ok: true, value: { password: '\\u0000' } });
  });
});
