import fc from 'fast-check';

/** What clients send when they send anything at all: the generators the fuzzers share. */

/** Lone surrogates cannot travel in a URL or a form (they arrive as U+FFFD); strings that do, as they arrive. */
export const wellFormed = (s: string) => s.replace(/[\ud800-\udfff]/gu, '\ufffd');
const encode = (s: string) => encodeURIComponent(wellFormed(s));

/** The names the API and the forms read, so that generated values reach the code behind them. */
export const FIELD_NAMES = [
  'email',
  'password',
  'username',
  'realm',
  'oldPassword',
  'newPassword',
  'confirmation',
  'currentPassword',
  'token',
  'ttl',
  'include',
  'rememberMe',
  'otp',
  'code',
  'recoveryCode',
  'sid',
  'access_token',
  'uid',
  'redirect',
  'next',
  'emailVerified',
  'id',
  'userId',
  'credentialVersion',
  'scopes',
  'handle',
  'intent',
  'keep',
  '__proto__',
  'constructor',
] as const;

const HUGE_SIZES = [1_000, 70_000, 101 * 1024, 300 * 1024];

/** Strings that break things: NUL, lone surrogates, right-to-left marks, huge, percent-looking. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b@example.com',
    '\ud800',
    '\udfff\ud800',
    '\u202e\u200b\ufeff',
    'İ@example.com',
    'ß@EXAMPLE.com',
    '%00',
    '%E0%A4%A',
    '../../etc/passwd',
    "' or 1=1 --",
    '{"$ne":null}',
    'null',
    'undefined',
    'NaN',
    '-1',
    '1e309',
    '9007199254740993',
    'me',
    'a@b',
    'velvet9heron',
  ),
  fc.constantFrom(...HUGE_SIZES).chain((size) => fc.constantFrom('x', 'é', '\u0000', '😀').map((c) => c.repeat(Math.ceil(size / c.length)))),
);

/** A value of any JSON type, sometimes deeply nested. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(true, false, null, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, -0, 1e308),
  fc.integer({ min: 1, max: 3000 }).map((depth) => nest(depth)),
);

/** `{"a":{"a":…}}` or `[[…]]`, `depth` levels deep. */
function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Known field names with values of any type, missing ones and extra ones. */
const fields: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...FIELD_NAMES), anyValue, { maxKeys: 6 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('filter', 'where', 'include', '$where', '0')), anyValue, { maxKeys: 3 }),
  )
  .map(([known, extra]) => ({ ...extra, ...known }));

/** Byte sequences that are not UTF-8: bare continuation bytes, overlong forms, encoded surrogates. */
const invalidUtf8: fc.Arbitrary<Uint8Array<ArrayBuffer>> = fc
  .tuple(
    fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe, 0xfe]),
    fc.constantFrom('{"email":"', '{"password":"', 'email=', '', '{"token":"'),
  )
  .map(([bytes, prefix]) => new Uint8Array([...Buffer.from(prefix), ...bytes, ...Buffer.from('"}')]));

type BodyCase = { kind: string; body?: string | Uint8Array<ArrayBuffer>; contentType?: string };

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/x-www-form-urlencoded',
  'application/vnd.api+json',
  'text/plain',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'JSON',
  ';;;',
];

function formEncode(values: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) form.append(key, typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
  return form.toString();
}

/** A request body of any shape, with a content type that may or may not match it. */
export const requestBody: fc.Arbitrary<BodyCase> = fc.oneof(
  fc.constant<BodyCase>({ kind: 'none' }),
  fields.map((v) => ({ kind: 'json', body: JSON.stringify(v), contentType: 'application/json' })),
  fields.map((v) => ({ kind: 'form', body: formEncode(v), contentType: 'application/x-www-form-urlencoded' })),
  // The right text under the wrong type, or no type at all.
  fc
    .tuple(fields, fc.constantFrom(...CONTENT_TYPES, undefined))
    .map(([v, contentType]) => ({ kind: 'mismatch', body: JSON.stringify(v), contentType })),
  fc
    .tuple(fields, fc.constantFrom('application/json', 'text/plain'))
    .map(([v, contentType]) => ({ kind: 'form-as-json', body: formEncode(v), contentType })),
  anyValue.map((v) => ({ kind: 'not-an-object', body: JSON.stringify(v) ?? 'undefined', contentType: 'application/json' })),
  fc.string().map((text) => ({ kind: 'broken-json', body: `{${text}`, contentType: 'application/json' })),
  fc
    .constantFrom(
      '{"__proto__":{"admin":true},"email":"p@example.com"}',
      '{"email":"a@example.com","email":"b@example.com"}',
      '{"a":1}garbage',
      '\ufeff{}',
    )
    .map((body) => ({ kind: 'tricky-json', body, contentType: 'application/json' })),
  fc
    .integer({ min: 500, max: 20_000 })
    .map((depth) => ({ kind: 'deep-json', body: `${'['.repeat(depth)}${']'.repeat(depth)}`, contentType: 'application/json' })),
  fc
    .tuple(invalidUtf8, fc.constantFrom('application/json', 'application/x-www-form-urlencoded'))
    .map(([body, contentType]) => ({ kind: 'invalid-utf8', body, contentType })),
);

/** Query strings as clients and scanners send them: filters of every form, and undecodable ones. */
export const queryString: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  anyValue.map((v) => `filter=${encode(JSON.stringify(v) ?? '')}`),
  fc.string().map((s) => `filter=${encode(s)}`),
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'filter[fields]',
          'filter[fields][email]',
          'filter[where][email]',
          'filter[include]',
          'filter[fields][0]',
          'filter[',
          'filter][',
        ),
        oddString,
      ),
      {
        maxLength: 4,
      },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${encode(v.slice(0, 200))}`).join('&')),
  fc
    .dictionary(fc.constantFrom(...FIELD_NAMES), oddString, { maxKeys: 4 })
    .map((q) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, wellFormed(v)])).toString()),
  fc.constantFrom(
    'filter=%FF',
    'filter=%E0%A4%A',
    'uid=%00&token=%00',
    'filter=%7B%22fields%22%3A%5B%22email%22',
    '%',
    '&&&=&=',
    'filter=1&filter=2',
    'redirect=//evil.test',
    'redirect=javascript:alert(1)',
  ),
);
