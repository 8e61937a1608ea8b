import { afterAll, describe, expect, it, vi } from 'vitest';
import { call } from '@/test/http';
import { startSmtpSink } from '@/test/smtp-sink';

// These tests run at the real default limits.
process.env.THROTTLE_MULTIPLIER = '1';
const sink = await startSmtpSink();
process.env.SMTP_URL = sink.url;

vi.mock('next/headers', () => ({ cookies: vi.fn() }));

const { codeAt, twoFactorRows } = await import('@/test/two-factor');
const { account: signUpAccount, expectError, PASSWORD, tokenCount } = await import('@/test/accounts');
const otp = await import('@/app/api/users/[id]/otp/route');
const confirm = await import('@/app/api/users/[id]/otp/confirm/route');
const loginRoute = await import('@/app/api/users/login/route');
const resetRoute = await import('@/app/api/users/reset/route');
const resetPasswordRoute = await import('@/app/api/users/reset-password/route');
const { completePendingLogin, beginPendingLogin, PENDING_LOGIN_TTL_SECONDS } = await import('@/lib/auth/pending-login');
const { openPendingLogin, rememberPendingLogin } = await import('@/lib/cookies/pending-login');
const { changePassword } = await import('@/lib/auth');
const { findUserById } = await import('@/lib/auth');
const { getDb, authEvents, rateLimits } = await import('@/lib/db');
const { eq, like } = await import('drizzle-orm');

/** Accounts for the tests: the sign-up limit (10 an hour per source) is not what is under test here. */
async function account(email: string) {
  await (await getDb()).delete(rateLimits).where(like(rateLimits.key, 'signup-source:%'));
  return signUpAccount(email);
}

afterAll(() => sink.close());

let nextSource = 1;
const newSource = () => `192.0.2.${nextSource++}`;
const login = (body: Record<string, unknown>) => call(loginRoute.POST, 'POST', '/api/users/login', { body, peer: newSource() });

async function enrolled(email: string) {
  const { user, token } = await account(email);
  const started = await call(otp.POST, 'POST', '/api/users/me/otp', { token, body: { currentPassword: PASSWORD }, params: { id: 'me' } });
  const secret: string = started.json.secret;
  const confirmed = await call(confirm.POST, 'POST', '/api/users/me/otp/confirm', { token, body: { otp: codeAt(secret) }, params: { id: 'me' } });
  expect(confirmed.status, confirmed.text).toBe(200);
  return { user, token, secret, recoveryCodes: confirmed.json.recoveryCodes as string[] };
}

/** Runs `body` with the clock (Date only) `steps` time steps ahead, so the codes it uses are fresh ones. */
async function laterSteps(steps: number, body: () => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Date.now() + steps * 30_000);
    await body();
  } finally {
    vi.useRealTimers();
  }
}

/** A code that is not any of the three the account would take now. */
function wrongCode(secret: string, n: number): string {
  const taken = new Set([-1, 0, 1].map((k) => codeAt(secret, Date.now() + k * 30_000)));
  for (let i = n; ; i++) {
    const guess = String(i % 1_000_000).padStart(6, '0');
    if (!taken.has(guess)) return guess;
  }
}

describe('OTP_REQUIRED tells nothing to someone who does not know the password', () => {
  it('answers a wrong password, an unknown account and an account without two-factor alike', async () => {
    await enrolled('leak-2fa@example.com');
    await account('leak-plain@example.com');
    const answers = [
      await login({ email: 'leak-2fa@example.com', password: 'wrong-password-1' }),
      await login({ email: 'nobody-here@example.com', password: 'wrong-password-1' }),
      await login({ email: 'leak-plain@example.com', password: 'wrong-password-1' }),
      await login({ email: 'leak-2fa@example.com', password: 'wrong-password-1', otp: '123456' }),
    ];
    for (const answer of answers) expectError(answer, 401, 'login failed', 'LOGIN_FAILED');
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expectError(await login({ email: 'leak-2fa@example.com', password: PASSWORD }), 401, 'A one-time code is required', 'OTP_REQUIRED');
  });
});

describe('guessing codes', () => {
  it('is held back per account with backoff, from any address, and a right code is refused while it is', async () => {
    const { user, secret } = await enrolled('guess@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      // A new source address each time: the counter is the account's.
      statuses.push((await login({ email: 'guess@example.com', password: PASSWORD, otp: wrongCode(secret, i * 7919) })).status);
    }
    // LOGIN_FREE_ATTEMPTS (5) free, then the backoff (1 s, 2 s …) refuses what comes too soon.
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses).toContain(429);
    const held = await login({ email: 'guess@example.com', password: PASSWORD, otp: codeAt(secret) });
    expectError(held, 429, 'Too many attempts. Try again later.', 'TOO_MANY_REQUESTS');
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const events = await (await getDb()).select().from(authEvents).where(eq(authEvents.userId, user.id));
    expect(events.filter((e) => e.type === 'second_factor' && e.outcome === 'failure').length).toBeGreaterThanOrEqual(4);
    expect(events.some((e) => e.type === 'throttled' && e.reason === 'second_factor')).toBe(true);
  });

  it("throttles the browser's second step the same way", async () => {
    const { user, secret } = await enrolled('guess-browser@example.com');
    const pending = (await beginPendingLogin(user.id))!;
    const results: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await completePendingLogin(pending, wrongCode(secret, i * 104729), { sourceAddress: newSource() });
      results.push(r.ok ? 200 : r.error.status);
    }
    expect(results).toContain(429);
    const right = await completePendingLogin(pending, codeAt(secret), { sourceAddress: newSource() });
    expect(right.ok ? 200 : right.error.status).toBe(429);
  });
});

describe('replaying a code', () => {
  it('lets exactly one of parallel logins with one code through', async () => {
    const { user, secret } = await enrolled('race@example.com');
    // The enrolment used this step's code: the clock moves on two steps (Date only).
    await laterSteps(2, async () => {
      const code = codeAt(secret);
      const before = await tokenCount(user.id);
      const answers = await Promise.all(Array.from({ length: 5 }, () => login({ email: 'race@example.com', password: PASSWORD, otp: code })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401]);
      expect(await tokenCount(user.id)).toBe(before + 1);
    });
  });

  it('takes a recovery code once even when sent in parallel', async () => {
    const { user, recoveryCodes } = await enrolled('race-recovery@example.com');
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => login({ email: 'race-recovery@example.com', password: PASSWORD, otp: recoveryCodes[3] })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
    expect((await twoFactorRows(user.id)).codes.filter((c) => c.usedAt !== null)).toHaveLength(1);
  });
});

describe('the half-finished login cookie', () => {
  async function jar() {
    const { cookies } = await import('next/headers');
    const values = new Map<string, string>();
    vi.mocked(cookies).mockResolvedValue({
      get: (name: string) => (values.has(name) ? { name, value: values.get(name)! } : undefined),
      set: (name: string, value: string) => void values.set(name, value),
    } as never);
    return values;
  }

  it('is sealed: its account cannot be changed to another, and it names no secret', async () => {
    const alice = await enrolled('cookie-alice@example.com');
    const values = await jar();
    await rememberPendingLogin({ ...(await beginPendingLogin(alice.user.id))!, next: '/account' });
    const [[, sealed]] = [...values.entries()] as [[string, string]];
    expect(await openPendingLogin(sealed)).toEqual({ userId: alice.user.id, credentialVersion: 1, next: '/account' });
    expect(sealed).not.toContain(PASSWORD);
    for (const forged of [
      `${sealed.slice(0, -4)}AAAA`,
      JSON.stringify({ userId: alice.user.id + 1, credentialVersion: 1 }),
      String(alice.user.id),
      '',
    ]) {
      expect(await openPendingLogin(forged)).toBeNull();
    }
  });

  it("does not take another account's code", async () => {
    const alice = await enrolled('cookie-a2@example.com');
    const bob = await enrolled('cookie-b2@example.com');
    const pending = (await beginPendingLogin(alice.user.id))!;
    await laterSteps(2, async () => {
      const withBobs = await completePendingLogin(pending, codeAt(bob.secret), {});
      // Bob's code is Alice's only by a one-in-a-million chance.
      if (codeAt(bob.secret) !== codeAt(alice.secret)) expect(withBobs.ok).toBe(false);
      const withBobsRecovery = await completePendingLogin(pending, bob.recoveryCodes[0], {});
      expect(withBobsRecovery.ok).toBe(false);
      const right = await completePendingLogin(pending, codeAt(alice.secret), { browser: true });
      expect(right.ok && right.value.userId).toBe(alice.user.id);
    });
  });

  it('expires: a seal older than its five minutes opens no more', async () => {
    const alice = await enrolled('cookie-old@example.com');
    const values = await jar();
    await rememberPendingLogin({ ...(await beginPendingLogin(alice.user.id))!, next: null });
    const [[, sealed]] = [...values.entries()] as [[string, string]];
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + (PENDING_LOGIN_TTL_SECONDS - 30) * 1000);
      expect(await openPendingLogin(sealed)).not.toBeNull();
      vi.setSystemTime(Date.now() + 120 * 1000);
      expect(await openPendingLogin(sealed)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('dies with a password change made meanwhile', async () => {
    const alice = await enrolled('cookie-changed@example.com');
    const pending = (await beginPendingLogin(alice.user.id))!;
    const user = (await findUserById(alice.user.id))!;
    const changed = await changePassword(user, 'no-such-token', PASSWORD, 'quiet-river-lantern-9');
    expect(changed.ok).toBe(true);
    const result = await completePendingLogin(pending, alice.recoveryCodes[0], {});
    expect(result.ok ? 'issued' : result.error.code).toBe('LOGIN_FAILED');
  });
});

describe('a reset link for an account with two-factor on', () => {
  async function resetLink(email: string): Promise<string> {
    const mark = sink.mark();
    expect((await call(resetRoute.POST, 'POST', '/api/users/reset', { body: { email }, peer: newSource() })).status).toBe(204);
    const mail = await sink.waitForMail(email, { after: mark, subject: 'Reset' });
    return /access_token=([A-Za-z0-9]+)/.exec(mail.text)![1]!;
  }
  const resetWith = (token: string, body: Record<string, unknown>) =>
    call(resetPasswordRoute.POST, 'POST', '/api/users/reset-password', { token, body, peer: newSource() });

  it('asks for a code before the new password is set, and a wrong one does not spend the link', async () => {
    const { user, recoveryCodes } = await enrolled('reset-2fa@example.com');
    const token = await resetLink('reset-2fa@example.com');
    const before = (await findUserById(user.id))!.passwordHash;
    expectError(await resetWith(token, { newPassword: 'amber-falcon-meadow-4' }), 401, 'A one-time code is required', 'OTP_REQUIRED');
    expectError(await resetWith(token, { newPassword: 'amber-falcon-meadow-4', otp: '000000' }), 401, 'Invalid one-time code', 'INVALID_OTP');
    expectError(await resetWith(token, { newPassword: 'amber-falcon-meadow-4', otp: 42 }), 401, 'otp must be a string', 'INVALID_OTP');
    expect((await findUserById(user.id))!.passwordHash).toBe(before);
    // A recovery code is the way out when the phone is gone.
    expect((await resetWith(token, { newPassword: 'amber-falcon-meadow-4', otp: recoveryCodes[0] })).status).toBe(204);
    expect((await findUserById(user.id))!.passwordHash).not.toBe(before);
    // Two-factor stays on: the new password alone is not enough.
    expectError(
      await login({ email: 'reset-2fa@example.com', password: 'amber-falcon-meadow-4' }),
      401,
      'A one-time code is required',
      'OTP_REQUIRED',
    );
  });
});
