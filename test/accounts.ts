import '@/lib/auth-setup';
import { expect } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createUser, login } from '@/lib/auth';
import { accessTokens, getDb, users } from '@/lib/db';
import { sha256 } from '@/lib/auth/random';

/** Fixtures and assertions shared by the REST tests; the database is always the real one. */

export const PASSWORD = 'velvet9heron';

export async function signUp(email: string, options: { password?: string; username?: string } = {}) {
  const created = await createUser({ email, password: options.password ?? PASSWORD, ...(options.username && { username: options.username }) });
  if (!created.ok) throw new Error(`sign-up failed: ${created.error.message}`);
  return created.value;
}

/** Logs in and returns the raw token. */
export async function loginAs(email: string, options: { password?: string; ttl?: number; userAgent?: string } = {}) {
  const result = await login({ email, password: options.password ?? PASSWORD, ttl: options.ttl }, { userAgent: options.userAgent });
  if (!result.ok) throw new Error(`login failed: ${result.error.message}`);
  return result.value.id;
}

/** A user and a token of theirs, in one step. */
export async function account(email: string, options: { username?: string } = {}) {
  const user = await signUp(email, options);
  return { user, token: await loginAs(email) };
}

export async function userCount(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function tokenCount(userId?: number): Promise<number> {
  const db = await getDb();
  const query = db.select({ n: count() }).from(accessTokens);
  const [row] = userId === undefined ? await query : await query.where(eq(accessTokens.userId, userId));
  return row?.n ?? 0;
}

export async function storedUser(id: number) {
  const db = await getDb();
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function tokenRow(raw: string) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(accessTokens)
    .where(eq(accessTokens.id, sha256(raw)));
  return row;
}

/** Moves a token's creation time back, so that it expires without waiting. */
export async function ageToken(raw: string, seconds: number): Promise<void> {
  const db = await getDb();
  const row = await tokenRow(raw);
  if (!row) throw new Error('no such token');
  await db
    .update(accessTokens)
    .set({ createdAt: new Date(row.createdAt.getTime() - seconds * 1000) })
    .where(eq(accessTokens.id, row.id));
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
  json: any;
}

/**
 * Asserts LoopBack's error envelope exactly: status, key order, `code` only when expected, the JSON
 * and security headers, and `WWW-Authenticate: Bearer` on every 401.
 */
export function expectError(answer: Answer, status: number, message: string | RegExp, code?: string, name = 'Error'): void {
  expect({ status: answer.status, text: answer.text }).toMatchObject({ status });
  const error = answer.json?.error;
  expect(error, answer.text).toBeDefined();
  const keys = ['statusCode', 'name', 'message', ...(code === undefined ? [] : ['code']), ...('details' in error ? ['details'] : [])];
  expect(Object.keys(answer.json)).toEqual(['error']);
  expect(Object.keys(error)).toEqual(keys);
  expect(error.statusCode).toBe(status);
  expect(error.name).toBe(name);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  if (code !== undefined) expect(error.code).toBe(code);
  expect(answer.text).not.toMatch(/stack|\bat .*\(.*:\d+:\d+\)/);
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.headers.get('www-authenticate')).toBe(status === 401 ? 'Bearer' : null);
}

export function expectAuthorizationRequired(answer: Answer): void {
  expectError(answer, 401, 'Authorization Required', 'AUTHORIZATION_REQUIRED');
}

/** Asserts a 422 ValidationError with exactly these codes per field. */
export function expectValidation(answer: Answer, codes: Record<string, string[]>): void {
  expectError(answer, 422, /^The `User` instance is not valid\. Details: .+\.$/, undefined, 'ValidationError');
  expect(answer.json.error.details.context).toBe('User');
  expect(answer.json.error.details.codes).toEqual(codes);
  expect(Object.keys(answer.json.error.details.messages).sort()).toEqual(Object.keys(codes).sort());
}

/** A body just over twice the 100 kB limit. */
export const HUGE_JSON = JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(200 * 1024) });
