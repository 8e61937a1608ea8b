import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '@/test/smtp-sink';
import { startRangeApi } from '@/test/range-api';
import { call } from '@/test/http';

const BREACHED = 'amber-lantern-tide';
const PADDED = 'coral-window-fable';
const api = await startRangeApi({ [BREACHED]: 4213 }, [PADDED]);
const sink = await startSmtpSink();
process.env.SMTP_URL = sink.url;
process.env.BREACHED_PASSWORD_CHECK = 'true';
process.env.BREACHED_PASSWORD_API_URL = api.url;
process.env.BREACHED_PASSWORD_TIMEOUT_MS = '400';

const signUp = (await import('@/app/api/users/route')).POST;
const login = (await import('@/app/api/users/login/route')).POST;
const changePassword = (await import('@/app/api/users/change-password/route')).POST;
const resetPassword = (await import('@/app/api/users/reset-password/route')).POST;
const { issueAccessToken, RESET_PASSWORD_SCOPE } = await import('@/lib/auth/access-tokens');

afterAll(async () => {
  await api.close();
  await sink.close();
});

const create = (email: string, password: string) => call(signUp, 'POST', '/api/users', { body: { email, password } });

function expectBreached(r: { status: number; json: { error: { code: string; message: string } } }) {
  expect(r.status).toBe(422);
  expect(r.json.error.code).toBe('INVALID_PASSWORD');
  expect(r.json.error.message).toMatch(/appeared in a data breach/);
}

describe('the breached-password check against a range API', () => {
  it('refuses a breached password at sign-up, sending only 5 hex characters of its SHA-1 and asking for padding', async () => {
    api.state.mode = 'range';
    const before = api.requests.length;
    expectBreached(await create('breached@example.com', BREACHED));
    const sent = api.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toMatch(/^\/range\/[0-9A-F]{5}$/);
    expect(sent[0]!.headers['add-padding']).toBe('true');
    expect(JSON.stringify(sent)).not.toContain(BREACHED);
  });

  it('accepts a password whose suffix comes back only as a count-0 padding row', async () => {
    api.state.mode = 'range';
    expect((await create('padded@example.com', PADDED)).status).toBe(200);
  });

  it('refuses it on reset and change too, but never asks at login', async () => {
    api.state.mode = 'range';
    const created = await create('changer@example.com', 'first-harbour-note');
    expect(created.status).toBe(200);
    const token = (await call(login, 'POST', '/api/users/login', { body: { email: 'changer@example.com', password: 'first-harbour-note' } })).json.id;
    expectBreached(
      await call(changePassword, 'POST', '/api/users/change-password', { token, body: { oldPassword: 'first-harbour-note', newPassword: BREACHED } }),
    );
    const reset = (await issueAccessToken({ userId: created.json.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] })).token;
    expectBreached(await call(resetPassword, 'POST', '/api/users/reset-password', { token: reset.id, body: { newPassword: BREACHED } }));
    const before = api.requests.length;
    expect((await call(login, 'POST', '/api/users/login', { body: { email: 'changer@example.com', password: 'first-harbour-note' } })).status).toBe(
      200,
    );
    expect(api.requests.length).toBe(before);
  });

  it('fails open when the API hangs past the timeout', async () => {
    api.state.mode = 'hang';
    const started = Date.now();
    expect((await create('hang@example.com', BREACHED)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails open when the API answers 500', async () => {
    api.state.mode = 'error';
    expect((await create('error@example.com', BREACHED)).status).toBe(200);
  });
});
