import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020Module from 'ajv/dist/2020';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '@/test/smtp-sink';
import { call } from '@/test/http';
import type { OperationExample } from '@/lib/http/openapi';

// The sink must be up, and SMTP_URL set, before anything reads the environment.
const sink: SmtpSink = await startSmtpSink();
process.env.SMTP_URL = sink.url;
process.env.MAIL_FROM = 'Latchkey <no-reply@latchkey.test>';

const { openApiDocument } = await import('@/lib/http/openapi');
const { isStub } = await import('@/lib/http');
const { createUser, linkIdentity, login, listUserTokens, on, resetPassword } = await import('@/lib/auth');
const { confirmTwoFactorEnrolment, startTwoFactorEnrolment } = await import('@/lib/auth/two-factor');
const { codeAt } = await import('@/test/two-factor');
const { getDb, users } = await import('@/lib/db');
const { eq, inArray } = await import('drizzle-orm');

afterAll(() => sink.close());

// CommonJS default exports, as vitest hands them over.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module) as typeof Ajv2020Module;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

const API_DIR = path.resolve(import.meta.dirname);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Handler = (request: Request, context: unknown) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read as plain JSON
type Json = any;

/** Every `route.ts` under app/api, with the OpenAPI path it serves (`[id]` → `{id}`). */
function routeFiles(dir = API_DIR): { file: string; path: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== 'route.ts') return [];
    const relative = path.relative(path.resolve(API_DIR, '..'), path.dirname(full)).split(path.sep);
    return [{ file: full, path: `/${relative.map((s) => s.replace(/^\[(\w+)\]$/, '{$1}')).join('/')}` }];
  });
}

const modules = new Map<string, Record<string, unknown>>();
async function handlersFor(apiPath: string): Promise<Record<string, unknown> | undefined> {
  const route = routeFiles().find((r) => r.path === apiPath);
  if (!route) return undefined;
  if (!modules.has(route.file)) modules.set(route.file, (await import(route.file)) as Record<string, unknown>);
  return modules.get(route.file);
}

const document: Json = openApiDocument();
const operations = Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([apiPath, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path: apiPath, method: method.toUpperCase(), operation })),
);

describe('the OpenAPI document', () => {
  it('passes an OpenAPI 3.1 validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every handler under app/api, and nothing without one', async () => {
    const served: string[] = [];
    for (const route of routeFiles()) {
      const handlers = await handlersFor(route.path);
      for (const method of METHODS) {
        if (typeof handlers?.[method] === 'function' && !isStub(handlers[method])) served.push(`${method} ${route.path}`);
      }
    }
    const described = operations.map((op) => `${op.method} ${op.path}`);
    expect(served.length).toBeGreaterThan(15);
    expect(described.sort()).toEqual(served.sort());
  });

  it('names the route files it skips: only the catch-alls that answer 404', () => {
    const documented = new Set(operations.map((op) => op.path));
    const undocumented = routeFiles()
      .map((r) => r.path)
      .filter((p) => !documented.has(p));
    expect(undocumented.sort()).toEqual(['/api', '/api/[...path]', '/api/users/{id}/exists'].sort());
  });

  it('has a security scheme for each way a token is accepted, and the error envelope', () => {
    const schemes = document.components.securitySchemes;
    expect(schemes.authorization).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(schemes.accessTokenQuery).toMatchObject({ type: 'apiKey', in: 'query', name: 'access_token' });
    expect(schemes.xAccessToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Access-Token' });
    expect(Object.keys(document.components.schemas.Error.properties.error.properties)).toEqual(['statusCode', 'name', 'message', 'code', 'details']);
    for (const op of operations) {
      expect(op.operation.responses['500'], `${op.method} ${op.path}`).toBeDefined();
      expect(op.operation['x-examples'].length, `${op.method} ${op.path} has examples`).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.operation.responses as Record<string, Json>)) {
        if (Number(status) >= 400) expect(response.content?.['application/json']?.schema, `${op.method} ${op.path} ${status}`).toBeDefined();
      }
    }
  });
});

describe('each documented example, sent to the handlers', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('password', true);
  const validatorFor = (schema: Json) => ajv.compile({ ...schema, components: document.components });

  const PASSWORD = 'velvet9heron';
  let resetToken: string | undefined;
  beforeAll(() => on('resetPasswordRequest', (event) => void (resetToken = event.accessToken.id)));

  let retired = 0;
  /**
   * A fresh `me@domain.com` for every example: examples change and delete it. The previous one is
   * renamed rather than deleted, so the work its requests left running (mail, audit) can finish.
   */
  async function exampleAccount() {
    const db = await getDb();
    await db
      .update(users)
      .set({ email: `retired-${++retired}@domain.com`, username: null })
      .where(eq(users.email, 'me@domain.com'));
    // A new username from an earlier example is given back too.
    await db
      .update(users)
      .set({ username: null })
      .where(inArray(users.username, ['renamed', 'replaced']));
    const created = await createUser({ email: 'me@domain.com', password: PASSWORD, username: 'me' });
    if (!created.ok) throw new Error(created.error.message);
    const session = await login({ email: 'me@domain.com', password: PASSWORD });
    if (!session.ok) throw new Error(session.error.message);
    return { user: created.value, token: session.value.id };
  }

  const base64 = (s: string) => Buffer.from(s).toString('base64');

  /** What stands for the examples' placeholders once the account is as the example is given. */
  interface Given {
    code?: string;
    recoveryCode?: string;
    identityId?: string;
  }

  /** Puts the example account in the state the example is given (see `OperationExample.given`). */
  async function give(userId: number, given: OperationExample['given']): Promise<Given> {
    if (!given) return {};
    if (given === 'identity') {
      const linked = await linkIdentity(userId, {
        provider: 'google',
        authScheme: 'openid connect',
        subject: `example-${userId}`,
        email: 'me@domain.com',
        emailVerified: true,
        displayName: 'Me',
      });
      if (!linked.ok) throw new Error(linked.error.message);
      return { identityId: String(linked.value.identity.id) };
    }
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.id, userId));
    const started = await startTwoFactorEnrolment(row!, PASSWORD);
    if (!started.ok) throw new Error(started.error.message);
    const { secret } = started.value;
    if (given === 'two-factor-pending') return { code: codeAt(secret) };
    const confirmed = await confirmTwoFactorEnrolment(row!, codeAt(secret));
    if (!confirmed.ok) throw new Error(confirmed.error.message);
    // The confirming code's step counts as used; the next step's code is accepted (one step of drift).
    return { code: codeAt(secret, Date.now() + 30_000), recoveryCode: confirmed.value.recoveryCodes[0] };
  }

  /** The example's body with its placeholders for a code, a recovery code, replaced. */
  function bodyOf(example: OperationExample, given: Given): unknown {
    const body = example.body;
    if (typeof body !== 'object' || body === null || !('otp' in body)) return body;
    const stands: Record<string, string | undefined> = { '287082': given.code, 'k7mq-3xza-p2rt-9hvw': given.recoveryCode };
    const otp = (body as { otp: unknown }).otp;
    return { ...body, otp: (typeof otp === 'string' && stands[otp]) || otp };
  }

  const cases = operations.flatMap((op) => (op.operation['x-examples'] as OperationExample[]).map((example) => ({ ...op, example })));

  it.each(cases.map((c) => [`${c.method} ${c.path}: ${c.example.summary}`, c] as const))(
    '%s',
    async (_name, { path: apiPath, method, operation, example }) => {
      const { user, token } = await exampleAccount();
      const given = await give(user.id, example.given);
      // In the examples, user id 1 is me@domain.com, session x3Fq9LmZ2pRt the request's own, and
      // identity 7 the account's.
      const params = Object.fromEntries(Object.entries(example.params ?? {}).map(([k, v]) => [k, k === 'id' && v === '1' ? String(user.id) : v]));
      if (params.tokenId === 'x3Fq9LmZ2pRt') params.tokenId = (await listUserTokens(user.id))[0]!.id;
      if (params.identityId === '7' && given.identityId) params.identityId = given.identityId;
      let query = (example.query ?? '').replace(/\buid=1\b/, `uid=${user.id}`);
      const headers: Record<string, string> = {};
      let presented = token;
      if (example.auth === 'reset-token') {
        resetToken = undefined;
        await resetPassword({ email: 'me@domain.com' });
        presented = resetToken!;
        expect(presented).toMatch(/^[A-Za-z0-9]{64}$/);
      }
      switch (example.auth) {
        case 'authorization':
        case 'reset-token':
          headers.authorization = presented;
          break;
        case 'bearer':
          headers.authorization = `Bearer ${base64(presented)}`;
          break;
        case 'basic':
          headers.authorization = `Basic ${base64(`${presented}:`)}`;
          break;
        case 'x-access-token':
          headers['x-access-token'] = presented;
          break;
        case 'query':
          query += `${query ? '&' : '?'}access_token=${presented}`;
          break;
      }
      const url = apiPath.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!) + query;
      const handler = (await handlersFor(apiPath))?.[method] as Handler;
      const answer = await call(handler, method, url, { params, headers, body: bodyOf(example, given) });

      expect(answer.status, answer.text).toBe(example.status);
      const documented = operation.responses[String(example.status)];
      expect(documented, `status ${example.status} is documented`).toBeDefined();
      const schema = documented.content?.['application/json']?.schema;
      if (!schema) {
        expect(answer.text).toBe('');
        return;
      }
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      const validate = validatorFor(schema);
      expect(validate(answer.json), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it('would catch an answer that does not match: the check is not vacuous', () => {
    const userSchema = document.paths['/api/users']['post'].responses['200'].content['application/json'].schema;
    const validate = validatorFor(userSchema);
    expect(validate({ email: 'a@b.com', emailVerified: false, id: 1 })).toBe(true);
    expect(validate({ email: 'a@b.com', emailVerified: false, id: 1, password: '$2b$10$…' })).toBe(false);
    expect(validate({ email: 'a@b.com', id: 1 })).toBe(false);
    const errorSchema = document.paths['/api/users/login']['post'].responses['401'].content['application/json'].schema;
    expect(validatorFor(errorSchema)({ error: { statusCode: 401, message: 'no name' } })).toBe(false);
  });
});
