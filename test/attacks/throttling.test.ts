import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '@/test/smtp-sink';
import { call } from '@/test/http';

// These tests run at the real default limits.
process.env.THROTTLE_MULTIPLIER = '1';
const sink = await startSmtpSink();
process.env.SMTP_URL = sink.url;

const signUp = (await import('@/app/api/users/route')).POST;
const login = (await import('@/app/api/users/login/route')).POST;
const reset = (await import('@/app/api/users/reset/route')).POST;
const resetPassword = (await import('@/app/api/users/reset-password/route')).POST;
const changePasswordRoute = (await import('@/app/api/users/change-password/route')).POST;
const patchUser = (await import('@/app/api/users/[id]/route')).PATCH;
const { getDb, rateLimits, users, authEvents, emailChanges } = await import('@/lib/db');
const { sql, count, eq } = await import('drizzle-orm');

afterAll(() => sink.close());

let nextSource = 1;
/** A fresh client address for each test, so tests do not share per-source counters. */
const newSource = () => `198.51.100.${nextSource++}`;

async function createAccount(email: string, password = 'right-password-1', source = newSource()) {
  const r = await call(signUp, 'POST', '/api/users', { body: { email, password }, peer: source });
  expect(r.status, r.text).toBe(200);
}

const attempt = (body: Record<string, unknown>, source: string, extra: Record<string, string> = {}) =>
  call(login, 'POST', '/api/users/login', { body, peer: source, headers: extra });

/** The statuses of `count` requests made one after another from one fresh source address. */
async function fromOneSource(count: number, send: (i: number, source: string) => Promise<{ status: number }>): Promise<number[]> {
  const source = newSource();
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await send(i, source)).status);
  return statuses;
}

/** A new account and the device cookie of a browser that logged in to it once. */
async function accountWithDevice(email: string) {
  await createAccount(email);
  const [owner] = await (await getDb()).select().from(users).where(eq(users.email, email));
  return { owner: owner!, device: issueDeviceNote(owner!.id) };
}

/** Lets every throttling window and backoff run out, as if the time had passed. */
async function letTimePass() {
  const db = await getDb();
  await db.update(rateLimits).set({
    windowStartedAt: sql`now() - interval '2 days'`,
    blockedUntil: sql`now() - interval '1 second'`,
    updatedAt: sql`now() - interval '2 days'`,
  });
}

describe('login throttling', () => {
  it('throttles 50 wrong passwords on one account, and the right one works once the window has passed', async () => {
    await createAccount('target@example.com');
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      statuses.push((await attempt({ email: 'target@example.com', password: `guess-${i}` }, newSource())).status);
    }
    const elapsedSeconds = (Date.now() - started) / 1000;
    // Five free failures, then backoff: the rest are refused without a password check. The wait
    // doubles each time (1 s, 2 s, 4 s …), so however slowly this machine sends the 45 others, only
    // about log2(elapsed seconds) of them can land after a wait has run out.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeLessThanOrEqual(5 + Math.ceil(Math.log2(elapsedSeconds + 1)) + 1);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);

    const throttled = await attempt({ email: 'target@example.com', password: 'right-password-1' }, newSource());
    expect(throttled.status).toBe(429);
    expect(throttled.json.error).toEqual({
      statusCode: 429,
      name: 'Error',
      message: 'Too many attempts. Try again later.',
      code: 'TOO_MANY_REQUESTS',
    });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);

    await letTimePass();
    const after = await attempt({ email: 'target@example.com', password: 'right-password-1' }, newSource());
    expect(after.status).toBe(200);
    // The correct password cleared the streak: a new mistake is a plain 401 again.
    expect((await attempt({ email: 'target@example.com', password: 'oops' }, newSource())).status).toBe(401);
  });

  it('throttles an unknown account exactly like a known one, so the answers reveal nothing', async () => {
    await createAccount('known@example.com');
    const answers = async (email: string) => {
      const seen: { status: number; body: string }[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await attempt({ email, password: `wrong-${i}` }, newSource());
        seen.push({ status: r.status, body: r.text });
      }
      return seen;
    };
    const known = await answers('known@example.com');
    const unknown = await answers('nobody-here@example.com');
    expect(unknown).toEqual(known);
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('stops one address spraying one password across 30 accounts', async () => {
    const source = newSource();
    for (let i = 0; i < 30; i++) await createAccount(`spray-${i}@example.com`);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attempt({ email: `spray-${i}@example.com`, password: 'Summer2026!' }, source)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Another address is not held back, and the right password still works from it.
    expect((await attempt({ email: 'spray-0@example.com', password: 'right-password-1' }, newSource())).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says to believe it', async () => {
    const source = newSource();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const r = await attempt({ email: `forged-${i}@example.com`, password: 'x-password' }, source, { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(r.status);
    }
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('writes every attempt to the audit trail, without the password', async () => {
    const db = await getDb();
    const [row] = await db.select({ n: count() }).from(authEvents).where(eq(authEvents.type, 'throttled'));
    expect(row!.n).toBeGreaterThan(0);
    const [target] = await db.select().from(users).where(eq(users.email, 'target@example.com'));
    const theirs = await db.select().from(authEvents).where(eq(authEvents.userId, target!.id));
    expect(theirs.some((e) => e.type === 'throttled' && e.identifier === 'target@example.com')).toBe(true);
    expect(theirs.some((e) => e.type === 'login' && e.outcome === 'failure' && e.reason === 'wrong_password')).toBe(true);
    expect(theirs.some((e) => e.type === 'login' && e.outcome === 'success')).toBe(true);
    const dump = JSON.stringify(await db.select().from(authEvents));
    expect(dump).not.toContain('right-password-1');
    expect(dump).not.toContain('Summer2026!');
  });
});

describe('reset, reset-token and sign-up throttling', () => {
  it('allows three reset requests per address per hour, known or not, then 429', async () => {
    await createAccount('reset-limit@example.com');
    for (const email of ['reset-limit@example.com', 'no-account@example.com']) {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(reset, 'POST', '/api/users/reset', { body: { email }, peer: newSource() })).status);
      expect(statuses, email).toEqual([204, 204, 204, 429]);
    }
  });

  it('allows ten reset requests per source per hour', async () => {
    const statuses = await fromOneSource(11, (i, source) =>
      call(reset, 'POST', '/api/users/reset', { body: { email: `r${i}@example.com` }, peer: source }),
    );
    expect(statuses.slice(0, 10).every((s) => s === 204)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('throttles a source that keeps presenting wrong reset tokens', async () => {
    const statuses = await fromOneSource(11, (i, source) => {
      const token = `${'A'.repeat(60)}${String(i).padStart(4, '0')}`;
      return call(resetPassword, 'POST', '/api/users/reset-password', { body: { newPassword: 'whatever-new-1' }, token, peer: source });
    });
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('allows ten sign-ups per source per hour and stores nothing for the eleventh', async () => {
    const statuses = await fromOneSource(11, (i, source) =>
      call(signUp, 'POST', '/api/users', { body: { email: `mass-${i}@example.com`, password: 'mass-signup-1' }, peer: source }),
    );
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, 'mass-10@example.com'))).toHaveLength(0);
  });
});

describe('email-change throttling (each change mails an address the caller picks)', () => {
  async function loggedIn(email: string): Promise<string> {
    await createAccount(email);
    const answer = await attempt({ email, password: 'right-password-1' }, newSource());
    expect(answer.status, answer.text).toBe(200);
    return answer.json.id as string;
  }
  const changeEmail = (token: string, email: string, source: string) =>
    call(patchUser, 'PATCH', '/api/users/me', { token, body: { email, currentPassword: 'right-password-1' }, params: { id: 'me' }, peer: source });
  const pendingTo = async (email: string) => (await getDb()).select().from(emailChanges).where(eq(emailChanges.newEmail, email));

  it('allows three changes per account per hour, from any address; the fourth is 429 and mails nobody', async () => {
    const token = await loggedIn('mailbomb-account@example.com');
    const after = sink.mark();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await changeEmail(token, `flooded-${i}@victim.test`, newSource())).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await sink.waitForMail('flooded-2@victim.test', { after });
    expect(await pendingTo('flooded-3@victim.test')).toHaveLength(0);
    expect(await pendingTo('flooded-2@victim.test')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages.slice(after).filter((mail) => mail.to.includes('flooded-3@victim.test'))).toEqual([]);
    const db = await getDb();
    const throttled = await db.select().from(authEvents).where(eq(authEvents.reason, 'email_change_mail'));
    expect(throttled).toHaveLength(1);
  });

  it('allows ten changes per source per hour across accounts', async () => {
    const tokens = [];
    for (let i = 0; i < 11; i++) tokens.push(await loggedIn(`mailbomb-${i}@example.com`));
    const source = newSource();
    const statuses = [];
    for (const [i, token] of tokens.entries()) statuses.push((await changeEmail(token, `victim-${i}@victim.test`, source)).status);
    expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(await pendingTo('victim-10@victim.test')).toHaveLength(0);
  });
});

describe('per-source keys', () => {
  it('counts a whole IPv6 /64 as one source, and an IPv4-mapped address as its IPv4', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push((await attempt({ email: `v6-${i}@example.com`, password: 'x-password' }, `2001:db8:77:1::${(i + 1).toString(16)}`)).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // The next /64 is someone else.
    expect((await attempt({ email: 'v6-x@example.com', password: 'x-password' }, '2001:db8:77:2::1')).status).toBe(401);

    const v4 = newSource();
    for (let i = 0; i < 20; i++) {
      const peer = i % 2 === 0 ? v4 : `::ffff:${v4}`;
      expect((await attempt({ email: `mapped-${i}@example.com`, password: 'x-password' }, peer)).status).toBe(401);
    }
    expect((await attempt({ email: 'mapped-x@example.com', password: 'x-password' }, `::ffff:${v4}`)).status).toBe(429);
  });
});

describe('change-password throttling', () => {
  const changePassword = async () => changePasswordRoute;

  async function signedIn(email: string, username?: string) {
    await call(signUp, 'POST', '/api/users', { body: { email, password: 'right-password-1', ...(username && { username }) }, peer: newSource() });
    const r = await attempt({ email, password: 'right-password-1' }, newSource());
    expect(r.status).toBe(200);
    return r.json.id as string;
  }

  it('throttles 30 wrong current passwords on one account (from any address), and the right one works once the wait is over', async () => {
    const token = await signedIn('changer@example.com');
    const handler = await changePassword();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await call(handler, 'POST', '/api/users/change-password', {
        body: { oldPassword: `guess-${i}`, newPassword: 'a-brand-new-secret-9' },
        token,
        peer: newSource(),
      });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.json.error.code).toBe('TOO_MANY_REQUESTS');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(15);
    const held = await call(handler, 'POST', '/api/users/change-password', {
      body: { oldPassword: 'right-password-1', newPassword: 'a-brand-new-secret-9' },
      token,
      peer: newSource(),
    });
    expect(held.status).toBe(429);
    await letTimePass();
    const done = await call(handler, 'POST', '/api/users/change-password', {
      body: { oldPassword: 'right-password-1', newPassword: 'a-brand-new-secret-9' },
      token,
      peer: newSource(),
    });
    expect(done.status).toBe(204);
  });

  it('throttles one address guessing current passwords across many accounts', async () => {
    const handler = await changePassword();
    const source = newSource();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const token = await signedIn(`changer-${i}@example.com`);
      statuses.push(
        (
          await call(handler, 'POST', '/api/users/change-password', {
            body: { oldPassword: 'Summer2026!', newPassword: 'a-brand-new-secret-9' },
            token,
            peer: source,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

const { issueDeviceNote } = await import('@/lib/auth/device-cookies');
const { login: coreLogin } = await import('@/lib/auth/login');

describe('account lockout', () => {
  it('counts failures by email and by username on one counter', async () => {
    await call(signUp, 'POST', '/api/users', {
      body: { email: 'both@example.com', username: 'both-names', password: 'right-password-1' },
      peer: newSource(),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const body = i % 2 === 0 ? { email: 'both@example.com', password: `wrong-${i}` } : { username: 'both-names', password: `wrong-${i}` };
      statuses.push((await attempt(body, newSource())).status);
    }
    // Five free failures in all, not five per name.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await attempt({ username: 'both-names', password: 'right-password-1' }, newSource())).status).toBe(429);
  });

  it('does not lock out a browser that has logged in to the account before, while the attacker stays locked out', async () => {
    // The owner's browser logged in once and kept its device cookie.
    const { owner, device } = await accountWithDevice('locked-out@example.com');
    // A patient attacker: each backoff runs out (in the database, not by sleeping) and the guessing
    // goes on, until the account is locked for minutes. A first backoff of one second could run
    // out while this test is still asserting on a busy machine.
    const lockedFor = async () => {
      for (let i = 0; i < 8; i++) await attempt({ email: 'locked-out@example.com', password: `attack-${i}` }, newSource());
      const r = await attempt({ email: 'locked-out@example.com', password: 'right-password-1' }, newSource());
      expect(r.status).toBe(429);
      return Number(r.headers.get('retry-after'));
    };
    for (let round = 0; (await lockedFor()) < 60; round++) {
      expect(round).toBeLessThan(10);
      await (await getDb()).update(rateLimits).set({ blockedUntil: sql`now() - interval '1 second'` });
    }

    const fromDevice = await coreLogin(
      { email: 'locked-out@example.com', password: 'right-password-1' },
      { sourceAddress: newSource(), deviceNote: device },
    );
    expect(fromDevice.ok).toBe(true);
    // Forged, tampered or another account's cookies are no key.
    const forged = `${owner.id}.AAAAAAAAAAAAAAAA.${'A'.repeat(43)}`;
    const tampered = device.replace(/^\d+/, String(owner.id + 1));
    const otherAccount = issueDeviceNote(owner.id + 1000);
    for (const note of [forged, tampered, otherAccount]) {
      const r = await coreLogin({ email: 'locked-out@example.com', password: 'right-password-1' }, { sourceAddress: newSource(), deviceNote: note });
      expect(r.ok ? 200 : r.error.status).toBe(429);
    }
    // The owner's success did not lift the attacker's lockout.
    expect((await attempt({ email: 'locked-out@example.com', password: 'right-password-1' }, newSource())).status).toBe(429);
  });

  it('gives a device cookie its own limit: guessing with a stolen one is throttled too', async () => {
    const { device } = await accountWithDevice('device-guess@example.com');
    const outcomes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await coreLogin({ email: 'device-guess@example.com', password: `guess-${i}` }, { sourceAddress: newSource(), deviceNote: device });
      outcomes.push(r.ok ? 200 : r.error.status);
    }
    expect(outcomes).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});

describe('identifiers in the audit trail', () => {
  it('never stores a password typed into the identifier field', async () => {
    const typedPassword = 'Tr0ub4dor&3-in-the-wrong-box';
    const source = newSource();
    expect((await attempt({ username: typedPassword, password: 'whatever' }, source)).status).toBe(401);
    expect((await attempt({ email: `${typedPassword}@x`, password: 'whatever' }, source)).status).toBe(401);
    const db = await getDb();
    const dump = JSON.stringify(await db.select().from(authEvents));
    expect(dump).not.toContain(typedPassword);
    expect(dump.toLowerCase()).not.toContain(typedPassword.toLowerCase());
    const keys = JSON.stringify(await db.select({ key: rateLimits.key }).from(rateLimits));
    expect(keys.toLowerCase()).not.toContain(typedPassword.toLowerCase());
    // A known account's identifier is still there for its owner to see.
    const theirs = await db.select().from(authEvents).where(eq(authEvents.identifier, 'target@example.com'));
    expect(theirs.length).toBeGreaterThan(0);
  });
});
