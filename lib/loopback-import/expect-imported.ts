/** Test support: what a correct import of `populate`'s users looks like over Latchkey's REST API. */
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { GET as userById } from '@/app/api/users/[id]/route';
import { POST as loginRoute } from '@/app/api/users/login/route';
import { listUserEvents } from '@/lib/auth/audit';
import { authEvents, getDb } from '@/lib/db';
import { storedUser, tokenRow } from '@/test/accounts';
import { call } from '@/test/http';
import type { ImportReport } from './import';
import { PASSWORDS, type Population } from './loopback-reference';

export const me = (token: string) => call(userById, 'GET', '/api/users/me', { token, params: { id: 'me' } });
const logIn = (body: Record<string, unknown>) => call(loginRoute, 'POST', '/api/users/login', { body });

export async function importEvents(): Promise<number> {
  const db = await getDb();
  return (await db.select().from(authEvents).where(eq(authEvents.type, 'imported'))).length;
}

/** The report of a run with --skip-conflicts over a fresh Latchkey that held one user (id 1). */
export function expectReport(report: ImportReport, { ids }: Population, extra: { users?: number; conflicts?: object[] } = {}): void {
  expect(report.users).toEqual({
    read: 7 + (extra.users ?? 0),
    imported: 4,
    alreadyImported: 0,
    conflicts: 3 + (extra.users ?? 0),
    verified: 3,
    pendingVerification: 1,
  });
  expect(report.tokens).toMatchObject({ imported: 3, alreadyImported: 0 });
  expect(report.tokens.skipped).toMatchObject({ expired: 1, reset: 1 });
  expect(report.conflicts).toEqual(
    expect.arrayContaining([
      { loopbackId: String(ids.taken), reason: 'id_taken', detail: 'taken@example.com' },
      { loopbackId: String(ids.annUpper), reason: 'duplicate_email', detail: `ann@example.com (LoopBack ids ${ids.annUpper}, ${ids.annLower})` },
      { loopbackId: String(ids.annLower), reason: 'duplicate_email', detail: `ann@example.com (LoopBack ids ${ids.annUpper}, ${ids.annLower})` },
      ...(extra.conflicts ?? []),
    ]),
  );
  expect(report.conflicts).toHaveLength(3 + (extra.users ?? 0));
  expect(JSON.stringify(report)).not.toMatch(/\$2[ab]\$|alice-pass|[A-Za-z0-9]{64}/);
}

/** The same passwords log in, the old tokens answer /me as the same user with the same ttl, the others do not. */
export async function expectUsersCameAcross({ ids, tokens, created }: Population): Promise<void> {
  const alice = await me(tokens.alice);
  expect(alice.status).toBe(200);
  expect(alice.json).toEqual({ email: 'alice@example.com', username: 'alice', realm: 'north', emailVerified: true, id: ids.alice });
  expect((await me(tokens.bob)).json).toEqual({ email: 'bob@example.com', emailVerified: true, id: ids.bob });
  expect((await me(tokens.dave)).json.id).toBe(ids.dave);
  for (const [name, ttl] of [
    ['alice', 3600],
    ['bob', 1209600],
    ['dave', 7200],
  ] as const) {
    const row = await tokenRow(tokens[name]);
    expect(row).toMatchObject({ ttl, scopes: ['DEFAULT'] });
    expect(row!.createdAt.getTime()).toBe(created[name]!.getTime());
    expect(row!.handle).toMatch(/^[A-Za-z0-9]{20}$/);
  }
  expect((await me(tokens.expired)).status).toBe(401);
  expect((await me(tokens.reset)).status).toBe(401);

  const before = (await storedUser(ids.alice))!.passwordHash;
  expect(before).toMatch(/^\$2[ab]\$10\$/);
  const byEmail = await logIn({ email: 'ALICE@example.com', password: PASSWORDS.alice });
  expect(byEmail.status).toBe(200);
  expect(byEmail.json.userId).toBe(ids.alice);
  // The login re-makes the LoopBack hash at Latchkey's cost (4 in tests), once the answer has gone.
  await expect.poll(async () => (await storedUser(ids.alice))!.passwordHash, { timeout: 5000 }).toMatch(/^\$2b\$04\$/);
  expect((await logIn({ username: 'alice', password: PASSWORDS.alice })).status).toBe(200);
  expect((await logIn({ email: 'bob@example.com', password: PASSWORDS.bob })).status).toBe(200);
  expect((await logIn({ email: 'bob@example.com', password: PASSWORDS.alice })).status).toBe(401);
  // Carol never confirmed her address: she comes across unverified, without LoopBack's link.
  expect(await storedUser(ids.carol)).toMatchObject({ email: 'carol@example.com', username: 'carol', emailVerified: false });
  expect((await logIn({ email: 'carol@example.com', password: PASSWORDS.carol })).status).toBe(200);
  // Every re-hash the logins started has landed (it runs after the answer), so none is cut short.
  for (const id of [ids.bob, ids.carol]) {
    await expect.poll(async () => (await storedUser(id))!.passwordHash, { timeout: 5000 }).toMatch(/^\$2b\$04\$/);
  }
  for (const id of [ids.annUpper, ids.annLower]) expect(await storedUser(id)).toBeUndefined();
  expect((await storedUser(ids.taken))!.email).toBe('existing@example.com');

  const events = await listUserEvents(ids.dave);
  expect(events.map((e) => [e.type, e.reason])).toContainEqual(['imported', 'loopback']);
  expect(await importEvents()).toBe(4);
}
