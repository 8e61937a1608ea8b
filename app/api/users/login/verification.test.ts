import { afterAll, describe, expect, it } from 'vitest';
import { linkIn, startSmtpSink } from '@/test/smtp-sink';
import { call } from '@/test/http';

const sink = await startSmtpSink();
process.env.SMTP_URL = sink.url;
process.env.EMAIL_VERIFICATION_REQUIRED = 'true';

const signUp = (await import('../route')).POST;
const login = (await import('./route')).POST;
const reset = (await import('../reset/route')).POST;
const confirm = (await import('../confirm/route')).GET;
const patch = (await import('../[id]/route')).PATCH;
const confirmChange = (await import('../confirm-email-change/route')).POST;

afterAll(() => sink.close());

const logIn = (body: Record<string, unknown>) => call(login, 'POST', '/api/users/login', { body });

describe('EMAIL_VERIFICATION_REQUIRED', () => {
  it('mails a link on sign-up; login waits for it, and a wrong password stays a plain LOGIN_FAILED', async () => {
    const after = sink.mark();
    const created = await call(signUp, 'POST', '/api/users', { body: { email: 'new@example.com', password: 'verify-me-please' } });
    expect(created.status).toBe(200);
    expect(created.json.emailVerified).toBe(false);
    const mail = await sink.waitForMail('new@example.com', { after, subject: 'Confirm your email' });
    const link = linkIn(mail, '/verify');

    const blocked = await logIn({ email: 'new@example.com', password: 'verify-me-please' });
    expect(blocked.status).toBe(401);
    expect(blocked.json.error).toEqual({
      statusCode: 401,
      name: 'Error',
      message: 'login failed as the email has not been verified',
      code: 'LOGIN_FAILED_EMAIL_NOT_VERIFIED',
      details: { userId: created.json.id },
    });
    expect((await logIn({ email: 'new@example.com', password: 'not-the-password' })).json.error.code).toBe('LOGIN_FAILED');

    const confirmed = await call(confirm, 'GET', `/api/users/confirm${link.search}`);
    expect(confirmed.status).toBe(204);
    expect((await logIn({ email: 'new@example.com', password: 'verify-me-please' })).status).toBe(200);
  });

  it('answers 204 to a reset for an unverified address and mails "verify first" instead of a link', async () => {
    await call(signUp, 'POST', '/api/users', { body: { email: 'unverified@example.com', password: 'verify-me-please' } });
    const after = sink.mark();
    expect((await call(reset, 'POST', '/api/users/reset', { body: { email: 'unverified@example.com' } })).status).toBe(204);
    const mail = await sink.waitForMail('unverified@example.com', { after, subject: 'before resetting' });
    expect(mail.text).not.toMatch(/reset-password\?access_token=/);
  });

  it('a changed email takes effect from the link mailed to the new address, verified by it', async () => {
    const token = (await logIn({ email: 'new@example.com', password: 'verify-me-please' })).json.id as string;
    const after = sink.mark();
    const r = await call(patch, 'PATCH', '/api/users/me', {
      body: { email: 'moved@example.com', currentPassword: 'verify-me-please' },
      token,
      params: { id: 'me' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ email: 'new@example.com', emailVerified: true });
    const mail = await sink.waitForMail('moved@example.com', { after, subject: 'Confirm your new email' });
    const link = linkIn(mail, '/confirm-email');
    const applied = await call(confirmChange, 'POST', '/api/users/confirm-email-change', { body: { token: link.searchParams.get('token') } });
    expect(applied.status).toBe(204);
    expect((await logIn({ email: 'moved@example.com', password: 'verify-me-please' })).status).toBe(200);
  });
});
