import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, type CallOptions } from '@/test/http';
import { startSmtpSink } from '@/test/smtp-sink';

const sink = await startSmtpSink();
process.env.SMTP_URL = sink.url;

// Everything that reads the settings comes after SMTP_URL is set.
const { codeAt, twoFactorRows } = await import('@/test/two-factor');
const otp = await import('./route');
const confirm = await import('./confirm/route');
const codesRoute = await import('./recovery-codes/route');
const loginRoute = await import('@/app/api/users/login/route');
const { account, expectAuthorizationRequired, expectError, PASSWORD, tokenCount } = await import('@/test/accounts');
const { getDb, authEvents, twoFactorCredentials } = await import('@/lib/db');
const { eq } = await import('drizzle-orm');

afterAll(() => sink.close());

// A clock of our own (Date only: timers and the database keep real time), moved a step at a
// time, so each code a test uses belongs to a step of its own.
let clock = Date.UTC(2026, 11, 3, 9, 0, 10);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(clock);
});
afterEach(() => {
  vi.useRealTimers();
});
/** The sink times out by Date: it waits on the real clock. */
async function waitForMail(to: string, query: { after: number; subject: string }) {
  vi.useRealTimers();
  try {
    return await sink.waitForMail(to, query);
  } catch (error) {
    throw new Error(`${String(error)}; caught: ${JSON.stringify(sink.messages.map((m) => [m.to, m.subject]))}`);
  } finally {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(clock);
  }
}
const nextStep = () => {
  clock += 30_000;
  vi.setSystemTime(clock);
};

const at = (id: string | number, options: CallOptions = {}) => ({ ...options, params: { id: String(id) } });
const status = (id: string | number, options: CallOptions = {}) => call(otp.GET, 'GET', `/api/users/${id}/otp`, at(id, options));
const start = (id: string | number, options: CallOptions = {}) => call(otp.POST, 'POST', `/api/users/${id}/otp`, at(id, options));
const disable = (id: string | number, options: CallOptions = {}) => call(otp.DELETE, 'DELETE', `/api/users/${id}/otp`, at(id, options));
const confirmWith = (id: string | number, options: CallOptions = {}) => call(confirm.POST, 'POST', `/api/users/${id}/otp/confirm`, at(id, options));
const regenerate = (id: string | number, options: CallOptions = {}) =>
  call(codesRoute.POST, 'POST', `/api/users/${id}/otp/recovery-codes`, at(id, options));
const login = (body: Record<string, unknown>) => call(loginRoute.POST, 'POST', '/api/users/login', { body });

/** An account with two-factor on, its key and its recovery codes. */
async function enrolled(email: string) {
  const { user, token } = await account(email);
  const started = await start('me', { token, body: { currentPassword: PASSWORD } });
  expect(started.status, started.text).toBe(200);
  const secret: string = started.json.secret;
  const confirmed = await confirmWith('me', { token, body: { otp: codeAt(secret) } });
  expect(confirmed.status, confirmed.text).toBe(200);
  nextStep();
  return { user, token, secret, recoveryCodes: confirmed.json.recoveryCodes as string[] };
}

describe('enrolment over REST', () => {
  it('makes a secret, is on only after a current code, and answers ten recovery codes once', async () => {
    const { user, token } = await account('enrol@example.com');
    expect((await status('me', { token })).json).toEqual({ enabled: false, pending: false, recoveryCodesLeft: 0 });

    const started = await start(user.id, { token, body: { currentPassword: PASSWORD } });
    expect(started.status, started.text).toBe(200);
    expect(Object.keys(started.json)).toEqual(['secret', 'uri']);
    expect(started.json.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(started.json.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Latchkey:enrol@example.com');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ issuer: 'Latchkey', secret: started.json.secret, period: '30', digits: '6' });
    expect(started.headers.get('cache-control')).toBe('no-store');

    // Not on yet: logging in needs no code.
    expect((await status('me', { token })).json).toEqual({ enabled: false, pending: true, recoveryCodesLeft: 0 });
    expect((await login({ email: 'enrol@example.com', password: PASSWORD })).status).toBe(200);

    // The secret is stored encrypted, never in clear or in base32.
    const [row] = await (await getDb()).select().from(twoFactorCredentials).where(eq(twoFactorCredentials.userId, user.id));
    expect(row!.secretCiphertext).toMatch(/^v1\./);
    expect(row!.secretCiphertext).not.toContain(started.json.secret);

    const mark = sink.mark();
    const confirmed = await confirmWith('me', { token, body: { otp: codeAt(started.json.secret) } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(Object.keys(confirmed.json)).toEqual(['recoveryCodes']);
    const codes: string[] = confirmed.json.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((await status('me', { token })).json).toEqual({ enabled: true, pending: false, recoveryCodesLeft: 10 });

    // Only hashes are kept.
    const rows = await twoFactorRows(user.id);
    expect(rows.codes).toHaveLength(10);
    const stored = JSON.stringify(rows.codes);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }

    const mail = await waitForMail('enrol@example.com', { after: mark, subject: 'Two-factor authentication is on' });
    expect(mail.text).not.toContain(started.json.secret);
    const events = await (await getDb()).select().from(authEvents).where(eq(authEvents.userId, user.id));
    expect(events.map((e) => [e.type, e.outcome])).toContainEqual(['two_factor_enabled', 'success']);
  });

  it('refuses a wrong code, keeps the enrolment pending, and a restart replaces the secret', async () => {
    const { user, token } = await account('enrol-wrong@example.com');
    const first = await start('me', { token, body: { currentPassword: PASSWORD } });
    const wrong = codeAt(first.json.secret) === '000000' ? '111111' : '000000';
    expectError(await confirmWith('me', { token, body: { otp: wrong } }), 400, 'Invalid one-time code', 'INVALID_OTP');
    expect((await status('me', { token })).json.pending).toBe(true);

    const second = await start('me', { token, body: { currentPassword: PASSWORD } });
    expect(second.json.secret).not.toBe(first.json.secret);
    if (codeAt(first.json.secret) !== codeAt(second.json.secret)) {
      expectError(await confirmWith('me', { token, body: { otp: codeAt(first.json.secret) } }), 400, 'Invalid one-time code', 'INVALID_OTP');
    }
    expect((await confirmWith('me', { token, body: { otp: codeAt(second.json.secret) } })).status).toBe(200);
    expect((await twoFactorRows(user.id)).credential[0]!.enabledAt).toBeInstanceOf(Date);
  });

  it('is owner-only on every path', async () => {
    const alice = await enrolled('otp-alice@example.com');
    const bob = await account('otp-bob@example.com');
    const before = await twoFactorRows(alice.user.id);
    for (const options of [{}, { token: bob.token }, { token: 'not-a-token' }]) {
      expectAuthorizationRequired(await status(alice.user.id, options));
      expectAuthorizationRequired(await start(alice.user.id, { ...options, body: { currentPassword: PASSWORD } }));
      expectAuthorizationRequired(await confirmWith(alice.user.id, { ...options, body: { otp: codeAt(alice.secret) } }));
      expectAuthorizationRequired(await disable(alice.user.id, { ...options, body: { currentPassword: PASSWORD, otp: codeAt(alice.secret) } }));
      expectAuthorizationRequired(await regenerate(alice.user.id, { ...options, body: { currentPassword: PASSWORD } }));
    }
    expect(await twoFactorRows(alice.user.id)).toEqual(before);
  });
});

describe('bad input on every endpoint: the status, the code, and nothing changed', () => {
  it('POST /otp', async () => {
    const { user, token } = await account('bad-start@example.com');
    const cases: [unknown, number, string][] = [
      [{}, 400, 'CURRENT_PASSWORD_REQUIRED'],
      [{ currentPassword: '' }, 400, 'CURRENT_PASSWORD_REQUIRED'],
      [{ currentPassword: 'not-my-password' }, 400, 'INVALID_PASSWORD'],
      [{ currentPassword: 12345678 }, 400, 'INVALID_PASSWORD'],
      [{ currentPassword: ['x'] }, 400, 'INVALID_PASSWORD'],
    ];
    for (const [body, code, name] of cases) {
      const answer = await start('me', { token, body });
      expect([answer.status, answer.json.error.code], JSON.stringify(body)).toEqual([code, name]);
    }
    expectError(
      await start('me', { token, raw: '{"currentPassword":', contentType: 'application/json' }),
      400,
      'Malformed JSON in request body',
      undefined,
      'SyntaxError',
    );
    expect((await start('me', { token, raw: '[1]', contentType: 'application/json' })).status).toBe(400);
    expect((await twoFactorRows(user.id)).credential).toEqual([]);

    // Already on: nothing restarts over an active factor.
    const on = await enrolled('bad-start-on@example.com');
    const before = await twoFactorRows(on.user.id);
    expectError(
      await start('me', { token: on.token, body: { currentPassword: PASSWORD } }),
      400,
      'Two-factor authentication is already on',
      'OTP_ALREADY_ENABLED',
    );
    expect(await twoFactorRows(on.user.id)).toEqual(before);
  });

  it('POST /otp/confirm', async () => {
    const { user, token } = await account('bad-confirm@example.com');
    expectError(await confirmWith('me', { token, body: { otp: '123456' } }), 400, 'Start two-factor enrolment first', 'OTP_NOT_STARTED');
    const started = await start('me', { token, body: { currentPassword: PASSWORD } });
    const before = await twoFactorRows(user.id);
    const right = codeAt(started.json.secret);
    for (const body of [
      {},
      { otp: '' },
      { otp: 123456 },
      { otp: [right] },
      { otp: { code: right } },
      { otp: 'abcdef' },
      { otp: `${right}0` },
      { otp: 'x'.repeat(5000) },
    ]) {
      const answer = await confirmWith('me', { token, body });
      expect([answer.status, answer.json.error.code], JSON.stringify(body).slice(0, 40)).toEqual([400, 'INVALID_OTP']);
    }
    expect(await twoFactorRows(user.id)).toEqual(before);
    const on = await enrolled('bad-confirm-on@example.com');
    const onBefore = await twoFactorRows(on.user.id);
    expectError(
      await confirmWith('me', { token: on.token, body: { otp: codeAt(on.secret) } }),
      400,
      'Two-factor authentication is already on',
      'OTP_ALREADY_ENABLED',
    );
    expect(await twoFactorRows(on.user.id)).toEqual(onBefore);
  });

  it('DELETE /otp', async () => {
    const off = await account('bad-delete-off@example.com');
    expectError(
      await disable('me', { token: off.token, body: { currentPassword: PASSWORD, otp: '123456' } }),
      400,
      'Two-factor authentication is not on',
      'OTP_NOT_ENABLED',
    );

    const { user, token, secret, recoveryCodes } = await enrolled('bad-delete@example.com');
    const before = await twoFactorRows(user.id);
    const cases: [unknown, number, string][] = [
      [{}, 400, 'CURRENT_PASSWORD_REQUIRED'],
      [{ otp: codeAt(secret) }, 400, 'CURRENT_PASSWORD_REQUIRED'],
      [{ currentPassword: 'wrong-password', otp: codeAt(secret) }, 400, 'INVALID_PASSWORD'],
      [{ currentPassword: PASSWORD }, 400, 'INVALID_OTP'],
      [{ currentPassword: PASSWORD, otp: 123456 }, 400, 'INVALID_OTP'],
      [{ currentPassword: PASSWORD, otp: '000000' === codeAt(secret) ? '999999' : '000000' }, 400, 'INVALID_OTP'],
      [{ currentPassword: PASSWORD, otp: 'aaaa-bbbb-cccc-dddd' }, 400, 'INVALID_OTP'],
    ];
    for (const [body, code, name] of cases) {
      const answer = await disable('me', { token, body });
      expect([answer.status, answer.json.error.code], JSON.stringify(body)).toEqual([code, name]);
    }
    expect(await twoFactorRows(user.id)).toEqual(before);

    // A recovery code is as good as an app code here, and the factor goes with all its codes.
    const mark = sink.mark();
    expect((await disable('me', { token, body: { currentPassword: PASSWORD, otp: recoveryCodes[0] } })).status).toBe(204);
    expect(await twoFactorRows(user.id)).toEqual({ credential: [], codes: [] });
    await waitForMail('bad-delete@example.com', { after: mark, subject: 'turned off' });
    expect((await login({ email: 'bad-delete@example.com', password: PASSWORD })).status).toBe(200);
  });

  it('POST /otp/recovery-codes', async () => {
    const off = await account('bad-codes-off@example.com');
    expectError(
      await regenerate('me', { token: off.token, body: { currentPassword: PASSWORD } }),
      400,
      'Two-factor authentication is not on',
      'OTP_NOT_ENABLED',
    );
    const { user, token, recoveryCodes } = await enrolled('bad-codes@example.com');
    const before = await twoFactorRows(user.id);
    for (const [body, name] of [
      [{}, 'CURRENT_PASSWORD_REQUIRED'],
      [{ currentPassword: 'wrong-password' }, 'INVALID_PASSWORD'],
      [{ currentPassword: { $ne: '' } }, 'INVALID_PASSWORD'],
    ] as const) {
      const answer = await regenerate('me', { token, body });
      expect([answer.status, answer.json.error.code]).toEqual([400, name]);
    }
    expect(await twoFactorRows(user.id)).toEqual(before);

    const mark = sink.mark();
    const made = await regenerate('me', { token, body: { currentPassword: PASSWORD } });
    expect(made.status).toBe(200);
    expect(made.json.recoveryCodes).toHaveLength(10);
    expect(made.json.recoveryCodes).not.toContain(recoveryCodes[0]);
    await waitForMail('bad-codes@example.com', { after: mark, subject: 'New recovery codes' });
    // The old codes died with the new set; the new ones work.
    expect((await login({ email: 'bad-codes@example.com', password: PASSWORD, otp: recoveryCodes[0] })).status).toBe(401);
    expect((await login({ email: 'bad-codes@example.com', password: PASSWORD, otp: made.json.recoveryCodes[0] })).status).toBe(200);
  });

  it('other verbs answer the JSON 404 and change nothing', async () => {
    const { user, token } = await enrolled('verbs@example.com');
    const before = await twoFactorRows(user.id);
    for (const [handler, verb, path] of [
      [otp.PUT, 'PUT', 'otp'],
      [otp.PATCH, 'PATCH', 'otp'],
      [confirm.GET, 'GET', 'otp/confirm'],
      [confirm.DELETE, 'DELETE', 'otp/confirm'],
      [codesRoute.GET, 'GET', 'otp/recovery-codes'],
      [codesRoute.DELETE, 'DELETE', 'otp/recovery-codes'],
    ] as const) {
      const answer = await call(handler, verb, `/api/users/me/${path}`, { token, params: { id: 'me' } });
      expect(answer.status).toBe(404);
      expect(answer.json.error.message).toBe(`Shared class "User" has no method handling ${verb} /me/${path}`);
    }
    expect(await twoFactorRows(user.id)).toEqual(before);
  });
});

describe('POST /api/users/login with two-factor on', () => {
  it('asks for the code only after a right password, with no token, and issues one with it', async () => {
    const { user, secret } = await enrolled('login-2fa@example.com');
    const tokens = await tokenCount(user.id);

    const wrongPassword = await login({ email: 'login-2fa@example.com', password: 'not-the-password', otp: codeAt(secret) });
    expectError(wrongPassword, 401, 'login failed', 'LOGIN_FAILED');
    const noCode = await login({ email: 'login-2fa@example.com', password: 'not-the-password' });
    expectError(noCode, 401, 'login failed', 'LOGIN_FAILED');

    const required = await login({ email: 'login-2fa@example.com', password: PASSWORD });
    expectError(required, 401, 'A one-time code is required', 'OTP_REQUIRED');
    expect(required.text).not.toContain(String(user.id));
    expect(await tokenCount(user.id)).toBe(tokens);

    const answer = await call(loginRoute.POST, 'POST', '/api/users/login?include=user', {
      body: { email: 'login-2fa@example.com', password: PASSWORD, otp: codeAt(secret) },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(Object.keys(answer.json)).toEqual(['id', 'ttl', 'created', 'userId', 'user']);
    expect(answer.json.userId).toBe(user.id);
    expect(await tokenCount(user.id)).toBe(tokens + 1);
  });

  it('refuses a reused code, and a wrong one, as LOGIN_FAILED', async () => {
    const { secret } = await enrolled('login-replay@example.com');
    const code = codeAt(secret);
    expect((await login({ email: 'login-replay@example.com', password: PASSWORD, otp: code })).status).toBe(200);
    expectError(await login({ email: 'login-replay@example.com', password: PASSWORD, otp: code }), 401, 'login failed', 'LOGIN_FAILED');
    // Still refused once the clock has moved on a step (it is in the window, but not newer).
    nextStep();
    expectError(await login({ email: 'login-replay@example.com', password: PASSWORD, otp: code }), 401, 'login failed', 'LOGIN_FAILED');
    const wrong = codeAt(secret) === '123456' ? '654321' : '123456';
    expectError(await login({ email: 'login-replay@example.com', password: PASSWORD, otp: wrong }), 401, 'login failed', 'LOGIN_FAILED');
    expectError(await login({ email: 'login-replay@example.com', password: PASSWORD, otp: 123456 }), 400, 'otp must be a string', 'INVALID_OTP');
    expect((await login({ email: 'login-replay@example.com', password: PASSWORD, otp: codeAt(secret) })).status).toBe(200);
  });

  it('takes codes from one step either side of now, at fixed clocks, and no further', async () => {
    const { secret } = await enrolled('login-window@example.com');
    const step = 30_000;
    // Step k's code, tried with the clock at k+2 … then k-1, k+1, k: each is its own newer step.
    const base = clock + 10 * step;
    vi.setSystemTime(base);
    const email = 'login-window@example.com';
    const at = (offsetSteps: number) => codeAt(secret, base + offsetSteps * step);
    expectError(await login({ email, password: PASSWORD, otp: at(-2) }), 401, 'login failed', 'LOGIN_FAILED');
    expectError(await login({ email, password: PASSWORD, otp: at(2) }), 401, 'login failed', 'LOGIN_FAILED');
    expect((await login({ email, password: PASSWORD, otp: at(-1) })).status).toBe(200);
    expect((await login({ email, password: PASSWORD, otp: at(0) })).status).toBe(200);
    expect((await login({ email, password: PASSWORD, otp: at(1) })).status).toBe(200);
    // Having taken step +1, step 0 is now in the past for this account.
    vi.setSystemTime(base + step);
    expectError(await login({ email, password: PASSWORD, otp: at(0) }), 401, 'login failed', 'LOGIN_FAILED');
    clock = base + 2 * step;
  });

  it('takes each recovery code once, in any case and spacing, and counts what is left', async () => {
    const { user, token, recoveryCodes } = await enrolled('login-recovery@example.com');
    const email = 'login-recovery@example.com';
    expect((await login({ email, password: PASSWORD, otp: recoveryCodes[0] })).status).toBe(200);
    expectError(await login({ email, password: PASSWORD, otp: recoveryCodes[0] }), 401, 'login failed', 'LOGIN_FAILED');
    const typed = ` ${recoveryCodes[1]!.toUpperCase().replace(/-/g, ' ')} `;
    expect((await login({ email, password: PASSWORD, otp: typed })).status).toBe(200);
    expect((await status('me', { token })).json.recoveryCodesLeft).toBe(8);
    expect((await twoFactorRows(user.id)).codes.filter((c) => c.usedAt !== null)).toHaveLength(2);
    // Another account's code is nothing here.
    const other = await enrolled('login-recovery-other@example.com');
    expectError(await login({ email, password: PASSWORD, otp: other.recoveryCodes[0] }), 401, 'login failed', 'LOGIN_FAILED');
  });

  it('asks nothing more of an account without two-factor, whatever otp says', async () => {
    await account('login-plain@example.com');
    expect((await login({ email: 'login-plain@example.com', password: PASSWORD })).status).toBe(200);
    expect((await login({ email: 'login-plain@example.com', password: PASSWORD, otp: '000000' })).status).toBe(200);
  });
});
