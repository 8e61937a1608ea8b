import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import postgres from 'postgres';
import { expect, test } from '@playwright/test';
import { maintenanceUrl } from '../test/databases';
import { FIELD_NAMES, oddString, wellFormed } from '../test/fuzz/inputs';
import { FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT_MS } from '../test/fuzz/settings';
import { BASE_URL, databaseName } from './support/run';

/*
 * Every server action of the production build, called the way a browser calls it (a POST to its
 * page with a `Next-Action` header, the arguments in React's own reply encoding) and the way a
 * hand-made client could: any arguments, any form fields and values, any cookies, and payloads
 * React would never produce. Whatever comes in: never a 5xx, and when the answer is an error (a
 * 4xx, or a form state with status "error") the fuzz accounts' rows are as they were (PostgreSQL
 * runs only: PGlite belongs to the server process). The audit trail and the throttling counters
 * are left out, as recording a refusal is their job.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// e2e/serve.ts builds into this folder; the manifest names every action and the page serving it.
const MANIFEST = path.join(ROOT, '.next-e2e', 'server', 'server-reference-manifest.json');
const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-webpack/client.node.js') as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

interface Action {
  id: string;
  name: string;
  page: string;
}

function builtActions(): Action[] {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).find((w) => w.startsWith(`${path.dirname(entry.filename ?? '')}/`)) ?? Object.keys(entry.workers)[0]!;
    return { id, name: entry.exportedName ?? id, page: `/${worker.replace(/^app\//, '').replace(/\/?page$/, '')}` };
  });
}

/** Every exported action under app/ (`export async function x…` or `export const x = guard…(…)`), read from the source. */
function sourceActions(): string[] {
  const files = readdirSync(path.join(ROOT, 'app'), { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'actions.ts');
  const exported = /export (?:async function (\w+)|const (\w+) = guard\w*\()/g;
  return files.flatMap((f) => [...readFileSync(path.join(ROOT, 'app', f), 'utf8').matchAll(exported)].map((m) => (m[1] ?? m[2])!));
}

const FORM_FIELDS = [
  ...FIELD_NAMES,
  'identifier',
  'deletePassword',
  'confirm',
  'identity',
  'session',
  'setupPassword',
  'confirmCode',
  'offPassword',
  'offCode',
  'codesPassword',
] as const;

const formValue = fc.oneof(
  { weight: 4, arbitrary: oddString.map(wellFormed) },
  // An address whose account, if one were made by mistake, the snapshot would see.
  { weight: 1, arbitrary: fc.nat().map((n) => `fuzz-action-new-${n}@example.com`) },
  { weight: 1, arbitrary: fc.constant<Blob>(new Blob(['not a text field'], { type: 'text/plain' })) },
);
const formFields = fc.dictionary(fc.constantFrom(...FORM_FIELDS), formValue, { maxKeys: 6 });

function formOf(fields: Record<string, string | Blob>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

/** The arguments: as the forms send them, or anything else React can encode. */
const argumentsCase = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.jsonValue({ maxDepth: 2 }), formFields)
      .map(([previous, fields]) => ({ kind: 'form', args: () => [previous, formOf(fields)] })),
  },
  { weight: 1, arbitrary: formFields.map((fields) => ({ kind: 'form only', args: () => [formOf(fields)] })) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(undefined, null, -0, Number.NaN, 10n ** 30n, new Date(0))), { maxLength: 4 })
      .map((args) => ({ kind: 'any values', args: () => args })),
  },
);

/** Payloads React never produces; the proxy or Next must refuse them without a 5xx. */
const rawCase = fc.oneof(
  fc.constantFrom(
    { type: 'text/plain', body: '[{}' },
    { type: 'text/plain', body: '["$h1"]' },
    { type: 'text/plain', body: '{"0":1}' },
    { type: 'application/json', body: '[{},{}]' },
    { type: 'application/x-www-form-urlencoded', body: '0=%5B%5D' },
    { type: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nbroken' },
    { type: undefined, body: '' },
  ),
  fc.string().map((text) => ({ type: 'text/plain', body: text })),
  fc.jsonValue().map((value) => ({ type: 'text/plain', body: JSON.stringify(value) })),
);

interface Answer {
  status: number;
  text: string;
  cookies: string[];
}

async function post(page: string, headers: Record<string, string>, body: BodyInit | undefined): Promise<Answer> {
  const response = await fetch(`${BASE_URL}${page}`, { method: 'POST', headers: { origin: BASE_URL, ...headers }, body, redirect: 'manual' });
  return { status: response.status, text: await response.text(), cookies: response.headers.getSetCookie() };
}

async function callAction(action: Action, args: unknown[], cookie: string): Promise<Answer> {
  const body = await encodeReply(args);
  const headers: Record<string, string> = { 'next-action': action.id, accept: 'text/x-component', ...(cookie ? { cookie } : {}) };
  if (typeof body === 'string') headers['content-type'] = 'text/plain;charset=UTF-8';
  return post(action.page, headers, body);
}

/** The state an action handed back, from the RSC payload (`1:{…}`), if it handed one back. */
function returnedState(text: string): { status?: unknown } | undefined {
  const line = /^1:(\{.*\})$/m.exec(text)?.[1];
  if (!line) return undefined;
  try {
    return JSON.parse(line) as { status?: unknown };
  } catch {
    return undefined;
  }
}

const cookiePairs = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]!).filter((pair) => !pair.endsWith('='));

/** A new account signed in through the login action: its id and its cookies. */
async function signedIn(n: number): Promise<{ email: string; cookie: string }> {
  const email = `fuzz-action-${process.pid}-${n}@example.com`;
  const password = `Copper-kettle-fuzz-${n}`;
  const created = await fetch(`${BASE_URL}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(created.status).toBe(200);
  const login = actions.find((a) => a.name === 'loginAction')!;
  const answer = await callAction(login, [{ status: 'idle' }, formOf({ identifier: email, password })], '');
  const cookie = cookiePairs(answer.cookies).join('; ');
  expect(cookie, answer.text.slice(0, 300)).toContain('latchkey-session');
  return { email, cookie };
}

// The fuzz accounts' rows, on PostgreSQL: the server's database, read from here.
const databaseUrl = process.env.DATABASE_URL ? new URL(maintenanceUrl(process.env.DATABASE_URL)) : undefined;
if (databaseUrl) databaseUrl.pathname = `/${databaseName()}`;
const sql = databaseUrl ? postgres(databaseUrl.toString(), { max: 1, onnotice: () => {} }) : undefined;
const OWNED = ['access_tokens', 'verification_tokens', 'email_changes', 'two_factor_credentials', 'recovery_codes', 'identities'];

async function snapshot(): Promise<unknown> {
  if (!sql) return null;
  const owners = sql`select id from users where email like 'fuzz-action-%'`;
  const tables: Record<string, unknown> = { users: await sql`select * from users where id in (${owners}) order by id` };
  for (const table of OWNED) {
    const rows = await sql`select * from ${sql(table)} where user_id in (${owners})`;
    // A session's last use is stamped when it is presented, before the request is judged.
    tables[table] = rows.map((row) => JSON.stringify({ ...row, last_used_at: null })).sort();
  }
  return tables;
}

let actions: Action[] = [];

test.describe('fuzzing the server actions', () => {
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(() => {
    actions = builtActions();
  });

  test.afterAll(async () => {
    await sql?.end({ timeout: 5 });
  });

  test('the build serves every action in the source', () => {
    expect(actions.map((a) => a.name).sort()).toEqual([...new Set(sourceActions())].sort());
  });

  test('no action answers a 5xx, and none changes a row when it answers an error', async () => {
    // The actions are known only once the build is there, so the bound is set here: per action.
    test.setTimeout(actions.length * FUZZ_TIMEOUT_MS);
    let accounts = 0;
    const seenCookieNames = new Set(['__Host-latchkey-session', '__Host-latchkey-reset', 'latchkey-session']);
    for (const action of actions) {
      let session = await signedIn(++accounts);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 4, arbitrary: argumentsCase }, { weight: 1, arbitrary: rawCase.map((raw) => ({ kind: 'raw', raw })) }),
          fc.constantFrom('session', 'session', 'none', 'garbage'),
          fc.string({ unit: fc.constantFrom(...'abcdefABCDEF0123456789-_.~*%'.split('')), maxLength: 200 }),
          async (input, cookieKind, garbage) => {
            const cookie = {
              session: session.cookie,
              none: '',
              garbage: [...seenCookieNames].map((name) => `${name}=${garbage}`).join('; '),
            }[cookieKind]!;
            const before = await snapshot();
            const answer =
              'raw' in input
                ? await post(
                    action.page,
                    { 'next-action': action.id, ...(input.raw.type ? { 'content-type': input.raw.type } : {}), ...(cookie ? { cookie } : {}) },
                    input.raw.body,
                  )
                : await callAction(action, input.args(), cookie);
            for (const pair of cookiePairs(answer.cookies)) seenCookieNames.add(pair.split('=')[0]!);
            const label = `${action.name} on ${action.page} [${'raw' in input ? `raw ${input.raw.type}` : input.kind}, cookie ${cookieKind}]: ${answer.status} ${answer.text.slice(0, 300)}`;
            expect(answer.status, label).toBeLessThan(500);
            const state = returnedState(answer.text);
            if (answer.status >= 400 || state?.status === 'error') expect(await snapshot(), label).toEqual(before);
            // Anything else may have changed the account (signed it out, deleted it): the next case gets a new one.
            else if (cookieKind === 'session') session = await signedIn(++accounts);
          },
        ),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
      );
    }
  });
});
