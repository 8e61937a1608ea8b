import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueAccessToken, RESET_PASSWORD_SCOPE } from '@/lib/auth';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db';
import { signUp } from '@/test/accounts';
import { oddString, queryString, requestBody, wellFormed } from './inputs';
import { FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT_MS } from './settings';

/*
 * Every REST endpoint (every route file under app/api, every method it exports) gets generated
 * requests: any path parameters, query strings, credentials, content types and bodies. Whatever
 * comes in, the answer is never a 5xx; an error is LoopBack's envelope; and an error changes no
 * row. Throttling counters (rate_limits) and the audit trail (auth_events) are left out of that
 * comparison: recording a refused attempt is their job.
 */

const API = path.join(process.cwd(), 'app', 'api');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const routeFiles = readdirSync(API, { recursive: true, encoding: 'utf8' })
  .filter((file) => path.basename(file) === 'route.ts')
  .map((file) => path.dirname(file).split(path.sep).join('/'))
  .sort();

/** The tables an error must leave alone. */
const WATCHED = ['users', 'access_tokens', 'verification_tokens', 'email_changes', 'two_factor_credentials', 'recovery_codes', 'identities'];

/** A digest of each watched table, computed by the database (the tables grow with every case). */
async function snapshot(): Promise<Record<string, string>> {
  const db = await getDb();
  const tables: Record<string, string> = {};
  for (const table of WATCHED) {
    // A session's last use is stamped when it is presented, before the request is judged.
    const result = await db.execute<{ digest: string | null }>(
      sql`select md5(string_agg((to_jsonb(t) - 'last_used_at')::text, ',' order by (to_jsonb(t) - 'last_used_at')::text)) as digest from ${sql.identifier(table)} t`,
    );
    const rows = Array.isArray(result) ? result : (result as unknown as { rows: { digest: string | null }[] }).rows;
    tables[table] = rows[0]?.digest ?? 'empty';
  }
  return tables;
}

interface Account {
  userId: number;
  session: string;
  resetLink: string;
}

let accounts = 0;

/** A fresh account per case, as a case that succeeds may log it out, change it or delete it. */
async function freshAccount(): Promise<Account> {
  const user = await signUp(`fuzz-${process.pid}-${++accounts}@example.com`);
  const { token: session } = await issueAccessToken({ userId: user.id, ttl: 3600 });
  const { token: reset } = await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });
  return { userId: user.id, session: session.id, resetLink: reset.id };
}

type Credential = 'none' | 'session' | 'reset' | 'garbage' | 'query';
type Id = 'me' | 'own' | 'other' | 'odd';

const headerSafe = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 300 });

const requestCase = fc.record({
  credential: fc.constantFrom<Credential>('none', 'session', 'session', 'reset', 'garbage', 'query'),
  garbage: headerSafe,
  id: fc.constantFrom<Id>('me', 'own', 'other', 'odd'),
  param: oddString.map((s) => wellFormed(s.slice(0, 400))),
  segments: fc.array(fc.string({ maxLength: 20 }).map(wellFormed), { minLength: 1, maxLength: 4 }),
  query: queryString,
  body: requestBody,
  peer: fc.ipV4(),
  extraHeaders: fc.dictionary(fc.constantFrom('accept', 'x-forwarded-for', 'x-access-token', 'cookie', 'user-agent', 'origin'), headerSafe, {
    maxKeys: 3,
  }),
});

type Case = typeof requestCase extends fc.Arbitrary<infer T> ? T : never;

function paramsFor(route: string, c: Case, account: Account): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const segment of route.split('/')) {
    const name = /^\[(?:\.\.\.)?(\w+)\]$/.exec(segment)?.[1];
    if (!name) continue;
    if (segment.startsWith('[...')) params[name] = c.segments;
    else if (name === 'id') params[name] = { me: 'me', own: String(account.userId), other: String(account.userId + 100_000), odd: c.param }[c.id];
    else params[name] = c.param;
  }
  return params;
}

function urlFor(route: string, params: Record<string, string | string[]>, query: string): string {
  const pathname = route
    .split('/')
    .map((segment) => {
      const name = /^\[(?:\.\.\.)?(\w+)\]$/.exec(segment)?.[1];
      if (!name) return segment;
      const value = params[name]!;
      return Array.isArray(value) ? value.map(encodeURIComponent).join('/') : encodeURIComponent(value);
    })
    .join('/');
  return `http://latchkey.test/api/${pathname === '.' ? '' : pathname}${query ? `?${query}` : ''}`.replace('/api/.', '/api');
}

function buildRequest(method: Method, url: string, c: Case, account: Account): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(c.extraHeaders)) headers.set(name, value);
  headers.set('x-latchkey-peer', `${process.env.LATCHKEY_PEER_KEY} ${c.peer}`);
  const token = { none: '', session: account.session, reset: account.resetLink, garbage: c.garbage.trim(), query: '' }[c.credential];
  if (token) headers.set('authorization', token);
  if (c.credential === 'query') url += `${url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(account.session)}`;
  if (c.body.contentType !== undefined) headers.set('content-type', c.body.contentType);
  const withBody = method !== 'GET' && method !== 'HEAD' && c.body.body !== undefined;
  return new Request(url, { method, headers, ...(withBody && { body: c.body.body }) });
}

/** What every answer must be, whatever came in. */
function checkAnswer(method: Method, status: number, text: string, contentType: string | null, label: string): void {
  expect(status, label).toBeLessThan(500);
  if (status < 400 || method === 'HEAD') return;
  expect(contentType, label).toBe('application/json; charset=utf-8');
  const envelope = JSON.parse(text) as { error?: Record<string, unknown> };
  expect(Object.keys(envelope), label).toEqual(['error']);
  expect(envelope.error, label).toMatchObject({ statusCode: status, name: expect.any(String), message: expect.any(String) });
  expect(text, label).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
}

function describeCase(method: Method, url: string, c: Case): string {
  const body = typeof c.body.body === 'string' ? c.body.body.slice(0, 200) : c.body.body ? `<${c.body.body.length} bytes>` : '';
  return `${method} ${url.slice(0, 300)} [${c.credential}, ${c.body.kind}, ${c.body.contentType ?? 'no type'}] ${body}`;
}

describe('fuzzing the REST API', () => {
  it('finds every route file', () => {
    expect(routeFiles).toContain('users');
    expect(routeFiles).toContain('users/[id]/accessTokens/[tokenId]');
    expect(routeFiles.length).toBeGreaterThanOrEqual(20);
  });

  for (const route of routeFiles) {
    it(
      `/api/${route === '.' ? '' : route}: no 5xx, LoopBack's envelope on every error, and no row changed by an error`,
      async () => {
        const handlers = (await import(path.join(API, route, 'route.ts'))) as Partial<Record<Method, Handler>>;
        const methods = METHODS.filter((m) => typeof handlers[m] === 'function');
        expect(methods.length).toBeGreaterThan(0);
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...methods), requestCase, async (method, c) => {
            const account = await freshAccount();
            const params = paramsFor(route, c, account);
            const request = buildRequest(method, urlFor(route, params, c.query), c, account);
            const label = describeCase(method, request.url, c);
            const before = await snapshot();
            const response = await handlers[method]!(request, { params: Promise.resolve(params) });
            const text = await response.text();
            checkAnswer(method, response.status, text, response.headers.get('content-type'), label);
            if (response.status >= 400) expect(await snapshot(), label).toEqual(before);
          }),
          { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
        );
      },
      FUZZ_TIMEOUT_MS,
    );
  }
});
