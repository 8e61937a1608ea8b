import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createDatabase, maintenanceUrl, randomDatabaseName } from '../test/databases';
import { linkIn, startSmtpSink, type SmtpSink } from '../test/smtp-sink';
import { newAccount } from './support/accounts';
import { SPEC_PORTS, startSpecServer, type SpecServer } from './support/servers';

/**
 * Two production servers on one PostgreSQL database, as behind a load balancer (one
 * SESSION_SECRET, TRUST_PROXY for the balancer's X-Forwarded-For): an attack and a revocation
 * spread across both hold as on one server, because every counter and every token is in the
 * database.
 */

const adminUrl = process.env.DATABASE_URL;

test.describe.configure({ mode: 'serial' });
test.skip(!adminUrl, 'two instances share one PostgreSQL database (DATABASE_URL)');

let a: SpecServer;
let b: SpecServer;
let sink: SmtpSink;
let dropDatabase: () => Promise<void> = async () => {};

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const database = await createDatabase(maintenanceUrl(adminUrl!), randomDatabaseName('latchkey_e2e_instances'));
  dropDatabase = database.cleanup;
  sink = await startSmtpSink();
  const shared = {
    DATABASE_URL: database.url,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    APP_URL: `http://127.0.0.1:${SPEC_PORTS.instanceA}`,
    SMTP_URL: sink.url,
    TRUST_PROXY: 'x-forwarded-for',
    WEB_CONCURRENCY: '1',
    BCRYPT_COST: '4',
    LOGIN_SOURCE_LIMIT: '6',
  };
  // Both at once on a fresh database: one migrates while the other waits for it.
  [a, b] = await Promise.all([startSpecServer(SPEC_PORTS.instanceA, shared), startSpecServer(SPEC_PORTS.instanceB, shared)]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sink?.close();
  await dropDatabase();
});

/**
 * A fresh client address, as the balancer would forward it: a different one on every call, since
 * the tests count per source and two must never meet by chance.
 */
let lastAddress = 0;
const newAddress = () => `198.51.100.${++lastAddress}`;

async function call(server: SpecServer, method: string, path: string, options: { body?: unknown; token?: string; from: string }) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'x-forwarded-for': options.from,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: options.token }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: response.headers };
}

async function signUpAndLogIn(label: string, from: string) {
  const account = newAccount(label);
  expect((await call(a, 'POST', '/api/users', { body: account, from })).status).toBe(200);
  return account;
}

async function logIn(server: SpecServer, email: string, password: string, from: string): Promise<string> {
  const answer = await call(server, 'POST', '/api/users/login', { body: { email, password }, from });
  expect(answer.status).toBe(200);
  return answer.json!.id as string;
}

test('failed logins alternating between the servers meet the account and source limits at the same totals as on one', async () => {
  const account = await signUpAndLogIn('spread-attack', newAddress());
  // Per account, from a new address each time: five failures, then the backoff, on either server.
  const perAccount: number[] = [];
  for (let i = 0; i < 7; i++) {
    const server = i % 2 === 0 ? a : b;
    perAccount.push(
      (await call(server, 'POST', '/api/users/login', { body: { email: account.email, password: `wrong-${i}` }, from: newAddress() })).status,
    );
  }
  expect(perAccount).toEqual([401, 401, 401, 401, 401, 429, 429]);

  // Per source (LOGIN_SOURCE_LIMIT=6 on both), one address spraying accounts across both servers.
  const source = newAddress();
  const perSource: number[] = [];
  for (let i = 0; i < 8; i++) {
    const server = i % 2 === 0 ? a : b;
    const email = `sprayed-${randomBytes(4).toString('hex')}@example.com`;
    perSource.push((await call(server, 'POST', '/api/users/login', { body: { email, password: 'Copper-kettle-spray' }, from: source })).status);
  }
  expect(perSource).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
});

test('a logout on one server ends the token on the other at once', async () => {
  const from = newAddress();
  const account = await signUpAndLogIn('spread-logout', from);
  const token = await logIn(a, account.email, account.password, from);
  expect((await call(b, 'GET', '/api/users/me', { token, from })).status).toBe(200);
  expect((await call(a, 'POST', '/api/users/logout', { token, from })).status).toBe(204);
  expect((await call(b, 'GET', '/api/users/me', { token, from })).status).toBe(401);
  expect((await call(a, 'GET', '/api/users/me', { token, from })).status).toBe(401);
});

test('a password change on one server ends the sessions begun on the other', async () => {
  const from = newAddress();
  const account = await signUpAndLogIn('spread-change', from);
  const onB = await logIn(b, account.email, account.password, from);
  const onA = await logIn(a, account.email, account.password, from);
  const newPassword = `${account.password}-changed`;
  const changed = await call(a, 'POST', '/api/users/change-password', { token: onA, body: { oldPassword: account.password, newPassword }, from });
  expect(changed.status).toBe(204);
  expect((await call(b, 'GET', '/api/users/me', { token: onB, from })).status).toBe(401);
  expect((await call(a, 'GET', '/api/users/me', { token: onB, from })).status).toBe(401);
  // The old password is refused and the new one works, on either server.
  expect((await call(b, 'POST', '/api/users/login', { body: { email: account.email, password: account.password }, from })).status).toBe(401);
  await logIn(b, account.email, newPassword, from);
});

test('a reset on one server ends the sessions on the other, and its link cannot be used again there', async () => {
  const from = newAddress();
  const account = await signUpAndLogIn('spread-reset', from);
  const onB = await logIn(b, account.email, account.password, from);
  const mark = sink.mark();
  expect((await call(b, 'POST', '/api/users/reset', { body: { email: account.email }, from })).status).toBe(204);
  const mail = await sink.waitForMail(account.email, { after: mark, timeoutMs: 30_000 });
  const resetToken = linkIn(mail, '/reset-password').searchParams.get('access_token')!;
  expect(resetToken).toBeTruthy();

  const newPassword = `${account.password}-reset`;
  expect((await call(a, 'POST', '/api/users/reset-password', { token: resetToken, body: { newPassword }, from })).status).toBe(204);
  const again = await call(b, 'POST', '/api/users/reset-password', { token: resetToken, body: { newPassword: `${newPassword}-again` }, from });
  expect(again.status).toBe(401);
  expect((again.json?.error as { code?: string }).code).toBe('AUTHORIZATION_REQUIRED');
  expect((await call(b, 'GET', '/api/users/me', { token: onB, from })).status).toBe(401);
  await logIn(b, account.email, newPassword, from);
});
