import { afterAll, describe, expect, it } from 'vitest';
import { linkIn, startSmtpSink, type SmtpSink } from '@/test/smtp-sink';
import { call, type CallOptions } from '@/test/http';

// The sink must be up, and SMTP_URL set, before anything reads the environment.
const sink: SmtpSink = await startSmtpSink();
process.env.SMTP_URL = sink.url;

const { PATCH, PUT, GET } = await import('./route');
const signUpRoute = (await import('../route')).POST;
const loginRoute = (await import('../login/route')).POST;
const resetRoute = (await import('../reset/route')).POST;
const confirmRoute = (await import('../confirm-email-change/route')).POST;
const undoRoute = (await import('../undo-email-change/route')).POST;
const { account, expectError, expectValidation, HUGE_JSON, loginAs, PASSWORD, signUp, storedUser, tokenCount, tokenRow } =
  await import('@/test/accounts');
const { getEmailChangeState, listUserEvents } = await import('@/lib/auth');
const { emailChanges, getDb } = await import('@/lib/db');
const { sql } = await import('drizzle-orm');

afterAll(() => sink.close());

const patchMe = (token: string, body: unknown, options: CallOptions = {}) =>
  call(PATCH, 'PATCH', '/api/users/me', { token, body, params: { id: 'me' }, ...options });
const confirm = (body: unknown, options: CallOptions = {}) => call(confirmRoute, 'POST', '/api/users/confirm-email-change', { body, ...options });
const undo = (body: unknown, options: CallOptions = {}) => call(undoRoute, 'POST', '/api/users/undo-email-change', { body, ...options });
const logIn = (email: string, password = PASSWORD) => call(loginRoute, 'POST', '/api/users/login', { body: { email, password } });

/** Asks for a change with the right password; returns both links from the mail that arrives. */
async function requestChange(token: string, oldEmail: string, newEmail: string) {
  const after = sink.mark();
  const answer = await patchMe(token, { email: newEmail, currentPassword: PASSWORD });
  expect(answer.status, answer.text).toBe(200);
  const toNew = await sink.waitForMail(newEmail, { after, subject: 'Confirm your new email' });
  const toOld = await sink.waitForMail(oldEmail, { after, subject: 'change your Latchkey email' });
  const confirmToken = linkIn(toNew, '/confirm-email').searchParams.get('token')!;
  const undoToken = linkIn(toOld, '/undo-email-change').searchParams.get('token')!;
  return { answer, toNew, toOld, confirmToken, undoToken };
}

async function quiet(ms = 300) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('changing the email with a copied token (the attack)', () => {
  it('a token alone cannot move the account: 400 CURRENT_PASSWORD_REQUIRED, nothing changes, nobody is mailed', async () => {
    const { user, token } = await account('victim@example.com');
    const other = await loginAs('victim@example.com');
    const before = await storedUser(user.id);
    const after = sink.mark();
    for (const [handler, method] of [
      [PATCH, 'PATCH'],
      [PUT, 'PUT'],
    ] as const) {
      const answer = await call(handler, method, '/api/users/me', { token, body: { email: 'attacker@evil.test' }, params: { id: 'me' } });
      expectError(answer, 400, 'currentPassword is required to change the email address', 'CURRENT_PASSWORD_REQUIRED');
    }
    expect(await storedUser(user.id)).toEqual(before);
    expect(await tokenRow(other)).toBeDefined();
    // A reset still goes to the owner.
    expect((await call(resetRoute, 'POST', '/api/users/reset', { body: { email: 'victim@example.com' } })).status).toBe(204);
    await sink.waitForMail('victim@example.com', { after, subject: 'Reset your' });
    await quiet();
    expect(sink.messages.slice(after).filter((m) => m.to.includes('attacker@evil.test'))).toHaveLength(0);
  });

  it('a wrong current password is 400 INVALID_PASSWORD, changes nothing and is recorded', async () => {
    const { user, token } = await account('wrong-pass@example.com');
    const before = await storedUser(user.id);
    const answer = await patchMe(token, { email: 'attacker@evil.test', currentPassword: 'not-the-password' });
    expectError(answer, 400, 'Invalid current password', 'INVALID_PASSWORD');
    expect(answer.text).not.toContain('not-the-password');
    expect(await storedUser(user.id)).toEqual(before);
    expect((await getEmailChangeState(user.id)).pending).toBeNull();
    const events = await listUserEvents(user.id);
    expect(events.some((e) => e.type === 'email_change_requested' && e.outcome === 'failure' && e.reason === 'wrong_password')).toBe(true);
  });

  it('with the password, the change waits for the new address: login, reset and the answer keep the old one', async () => {
    const { user, token } = await account('pending@example.com');
    const other = await loginAs('pending@example.com');
    const { answer, toNew, toOld } = await requestChange(token, 'pending@example.com', 'new-pending@example.com');
    expect(answer.json).toEqual({ email: 'pending@example.com', emailVerified: false, id: user.id });
    expect((await storedUser(user.id))?.email).toBe('pending@example.com');
    expect(await tokenRow(other)).toBeDefined();
    expect(toNew.to).toEqual(['new-pending@example.com']);
    expect(toOld.to).toEqual(['pending@example.com']);
    expect(toOld.text).toContain('n***@example.com');
    expect(toOld.text).not.toContain('new-pending@example.com');
    expect((await logIn('new-pending@example.com')).status).toBe(401);
    expect((await logIn('pending@example.com')).status).toBe(200);
    const after = sink.mark();
    await call(resetRoute, 'POST', '/api/users/reset', { body: { email: 'new-pending@example.com' } });
    await quiet();
    expect(sink.messages.slice(after)).toHaveLength(0);
    // Only hashes are stored.
    const db = await getDb();
    const rows = await db
      .select()
      .from(emailChanges)
      .where(sql`${emailChanges.userId} = ${user.id}`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(linkIn(toNew, '/confirm-email').searchParams.get('token'));
  });
});

describe('POST /api/users/confirm-email-change', () => {
  it('applies the change once: verified, every session ended, audited; the link then fails', async () => {
    const { user, token } = await account('mover@example.com');
    const other = await loginAs('mover@example.com');
    const { confirmToken } = await requestChange(token, 'mover@example.com', 'Moved@Example.com');
    const answer = await confirm({ token: confirmToken });
    expect(answer.status, answer.text).toBe(204);
    const stored = await storedUser(user.id);
    expect(stored?.email).toBe('moved@example.com');
    expect(stored?.emailVerified).toBe(true);
    expect(await tokenCount(user.id)).toBe(0);
    expect(await tokenRow(other)).toBeUndefined();
    expect((await logIn('moved@example.com')).status).toBe(200);
    expect((await listUserEvents(user.id)).some((e) => e.type === 'email_changed' && e.outcome === 'success')).toBe(true);
    expectError(await confirm({ token: confirmToken }), 400, /Invalid token/, 'INVALID_TOKEN');
  });

  it('a newer request supersedes the older: only the newest link works', async () => {
    const { user, token } = await account('twice@example.com');
    const first = await requestChange(token, 'twice@example.com', 'first-choice@example.com');
    const second = await requestChange(token, 'twice@example.com', 'second-choice@example.com');
    expectError(await confirm({ token: first.confirmToken }), 400, /Invalid token/, 'INVALID_TOKEN');
    expect((await confirm({ token: second.confirmToken })).status).toBe(204);
    expect((await storedUser(user.id))?.email).toBe('second-choice@example.com');
  });

  it('re-checks uniqueness when it takes effect: someone took the address meanwhile, 422 and nothing changes', async () => {
    const { user, token } = await account('slow@example.com');
    const { confirmToken } = await requestChange(token, 'slow@example.com', 'contested@example.com');
    await signUp('contested@example.com');
    const before = await storedUser(user.id);
    expectValidation(await confirm({ token: confirmToken }), { email: ['uniqueness'] });
    expect(await storedUser(user.id)).toEqual(before);
  });

  it('an expired link is refused', async () => {
    const { user, token } = await account('late@example.com');
    const { confirmToken } = await requestChange(token, 'late@example.com', 'late-new@example.com');
    const db = await getDb();
    await db
      .update(emailChanges)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(sql`${emailChanges.userId} = ${user.id}`);
    expectError(await confirm({ token: confirmToken }), 400, /Invalid token/, 'INVALID_TOKEN');
    expect((await storedUser(user.id))?.email).toBe('late@example.com');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { user } = await account('bad-confirm@example.com');
    const before = await storedUser(user.id);
    expectError(await confirm({}), 400, 'token is a required argument', 'ARGUMENT_REQUIRED');
    expectError(await confirm({ token: '' }), 400, 'token is a required argument', 'ARGUMENT_REQUIRED');
    expectError(await confirm({ token: null }), 400, 'token is a required argument', 'ARGUMENT_REQUIRED');
    for (const token of [42, true, ['x'], { $ne: null }, 'x'.repeat(10_000), 'unknown-token']) {
      const answer = await confirm({ token }, { peer: '10.9.0.1' });
      expectError(answer, 400, /Invalid token/, 'INVALID_TOKEN');
      expect(answer.text).not.toContain('unknown-token');
    }
    expectError(await call(confirmRoute, 'POST', '/api/users/confirm-email-change', { raw: '[1]' }), 400, 'Value is not an object.');
    expectError(
      await call(confirmRoute, 'POST', '/api/users/confirm-email-change', { raw: HUGE_JSON }),
      413,
      'request entity too large',
      undefined,
      'PayloadTooLargeError',
    );
    expect(await storedUser(user.id)).toEqual(before);
  });
});

describe('POST /api/users/undo-email-change (the old address)', () => {
  it('before the change: cancels it, and the new address link stops working', async () => {
    const { user, token } = await account('cancel@example.com');
    const { confirmToken, undoToken } = await requestChange(token, 'cancel@example.com', 'thief@evil.test');
    expect((await undo({ token: undoToken })).status).toBe(204);
    expect((await getEmailChangeState(user.id)).pending).toBeNull();
    expectError(await confirm({ token: confirmToken }), 400, /Invalid token/, 'INVALID_TOKEN');
    expect((await storedUser(user.id))?.email).toBe('cancel@example.com');
    expectError(await undo({ token: undoToken }), 400, /Invalid token/, 'INVALID_TOKEN');
  });

  it('after the change: puts the old address back, ends every session and says to reset the password', async () => {
    const { user, token } = await account('hijacked@example.com');
    const { confirmToken, undoToken } = await requestChange(token, 'hijacked@example.com', 'thief2@evil.test');
    expect((await confirm({ token: confirmToken })).status).toBe(204);
    const thief = await loginAs('thief2@evil.test');
    expect((await call(GET, 'GET', '/api/users/me', { token: thief, params: { id: 'me' } })).status).toBe(200);
    expect((await undo({ token: undoToken })).status).toBe(204);
    const stored = await storedUser(user.id);
    expect(stored?.email).toBe('hijacked@example.com');
    expect(stored?.emailVerified).toBe(true);
    expect(await tokenCount(user.id)).toBe(0);
    expect((await getEmailChangeState(user.id)).revertedAt).toBeInstanceOf(Date);
    expect((await logIn('thief2@evil.test')).status).toBe(401);
    expectError(await undo({ token: undoToken }), 400, /Invalid token/, 'INVALID_TOKEN');
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { user } = await account('bad-undo@example.com');
    const before = await storedUser(user.id);
    expectError(await undo({}), 400, 'token is a required argument', 'ARGUMENT_REQUIRED');
    for (const token of [7, ['x'], { a: 1 }, 'y'.repeat(5000), 'nope']) {
      expectError(await undo({ token }, { peer: '10.9.0.2' }), 400, /Invalid token/, 'INVALID_TOKEN');
    }
    expectError(await call(undoRoute, 'POST', '/api/users/undo-email-change', { raw: '{"token":' }), 400, /JSON/, undefined, 'SyntaxError');
    expect(await storedUser(user.id)).toEqual(before);
  });
});

describe('the currentPassword field', () => {
  it('refuses wrong types and oversized values, changing nothing, never echoing it', async () => {
    const { user, token } = await account('types-pass@example.com');
    const before = await storedUser(user.id);
    for (const currentPassword of [null, '']) {
      expectError(
        await patchMe(token, { email: 'x-new@example.com', currentPassword }),
        400,
        /currentPassword is required/,
        'CURRENT_PASSWORD_REQUIRED',
      );
    }
    for (const currentPassword of [42, true, [PASSWORD], { $ne: null }, PASSWORD + 'x'.repeat(100_000 - 200)]) {
      const answer = await patchMe(token, { email: 'x-new@example.com', currentPassword });
      expectError(answer, 400, 'Invalid current password', 'INVALID_PASSWORD');
      expect(answer.text).not.toContain(PASSWORD);
    }
    expect(await storedUser(user.id)).toEqual(before);
    expect((await getEmailChangeState(user.id)).pending).toBeNull();
  });

  it('is not needed for a username or the same email again', async () => {
    const { user, token } = await account('no-pass@example.com');
    expect((await patchMe(token, { username: 'nopass' })).status).toBe(200);
    expect((await patchMe(token, { email: 'NO-PASS@example.com' })).status).toBe(200);
    expect((await storedUser(user.id))?.username).toBe('nopass');
  });
});

describe('one address, one mailbox', () => {
  const signUp = (email: string) => call(signUpRoute, 'POST', '/api/users', { body: { email, password: 'long-enough-password' } });

  it('refuses display names, lists, groups, quoted local parts, comments and domain literals at sign-up and PATCH', async () => {
    await signUp('alice@example.com');
    const { user, token } = await account('plain@example.com');
    const before = await storedUser(user.id);
    const after = sink.mark();
    const bad = [
      '"x" <attacker@evil.test>, "new.hire"@corp.example',
      '"alice"@example.com',
      'a@b.example, c@d.example',
      'Alice <alice2@example.com>',
      'group: a@b.example;',
      'alice(comment)@example.com',
      'alice@[127.0.0.1]',
      'ålice@example.com',
      `${'a'.repeat(250)}@example.com`,
    ];
    for (const email of bad) {
      expectValidation(await signUp(email), { email: ['custom.email'] });
      expectValidation(await patchMe(token, { email, currentPassword: PASSWORD }), { email: ['custom.email'] });
    }
    expect(await storedUser(user.id)).toEqual(before);
    await quiet();
    expect(sink.messages.slice(after)).toHaveLength(0);
    // Plain addresses, sub-addresses and punycode domains still work.
    for (const email of ['new.hire+tag@corp.example', "o'brien@xn--bcher-kva.example"]) expect((await signUp(email)).status).toBe(200);
  });

  it('sends each mail to exactly one envelope recipient, and nothing to a string that is not one address', async () => {
    const { sendEmail } = await import('@/lib/email/send');
    const { createElement } = await import('react');
    const { default: VerifyEmail } = await import('@/emails/verify-email');
    const template = createElement(VerifyEmail, { verifyUrl: 'http://latchkey.test/verify', expiresIn: 60 });
    const after = sink.mark();
    await expect(sendEmail({ to: '"x" <attacker@evil.test>, new.hire@corp.example', subject: 'S', template })).rejects.toThrow(
      'not one plain address',
    );
    await sendEmail({ to: 'one@example.com', subject: 'S', template });
    expect(sink.messages.slice(after).map((m) => m.to)).toEqual([['one@example.com']]);
  });
});
