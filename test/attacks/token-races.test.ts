import { describe, expect, it } from 'vitest';
import { issueAccessToken, RESET_PASSWORD_SCOPE } from '@/lib/auth';
import { call } from '@/test/http';
import { expectAuthorizationRequired, signUp } from '@/test/accounts';

const login = (await import('@/app/api/users/login/route')).POST;
const resetPassword = (await import('@/app/api/users/reset-password/route')).POST;
const changePassword = (await import('@/app/api/users/change-password/route')).POST;
const getUser = (await import('@/app/api/users/[id]/route')).GET;

// PGlite runs one statement at a time; only PostgreSQL lets a login and a reset really interleave.
const onPostgres = process.env.TEST_DB === 'postgres';
const ROUNDS = 8;
const LOGINS = 8;

const me = (token: string) => call(getUser, 'GET', '/api/users/me', { token, params: { id: 'me' } });
const logIn = (email: string, password: string) => call(login, 'POST', '/api/users/login', { body: { email, password } });
const spread = (i: number) => new Promise((resolve) => setTimeout(resolve, i * 2));

/** Fires logins with the old password, staggered over a few milliseconds, around `change`. */
async function raceLogins(email: string, password: string, round: number, change: () => Promise<{ status: number }>) {
  const logins = Array.from({ length: LOGINS }, (_, i) => spread(i).then(() => logIn(email, password)));
  // A different moment each round, from the first login's start to past the last one's. On a busy
  // machine every login of the early rounds may still be hashing when the change lands, so the
  // last round waits for the first login's answer: at least one token is then issued before it.
  if (round === ROUNDS - 1) await logins[0];
  const changed = await spread(round * 4).then(change);
  return { changed, logins: await Promise.all(logins) };
}

describe('a login racing a password change', () => {
  it.runIf(onPostgres)('issues no token under the old password that outlives a reset', async () => {
    let issued = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const email = `race-reset-${round}@example.com`;
      const user = await signUp(email, { password: 'old-password-1' });
      const { token: link } = await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });
      const { changed, logins } = await raceLogins(email, 'old-password-1', round, () =>
        call(resetPassword, 'POST', '/api/users/reset-password', { body: { newPassword: 'new-password-1' }, token: link.id }),
      );
      expect(changed.status).toBe(204);
      for (const answer of logins) {
        expect([200, 401]).toContain(answer.status);
        if (answer.status !== 200) continue;
        issued++;
        expect((await me(answer.json.id)).status, `round ${round}: a token issued with the old password still works`).toBe(401);
      }
      expect((await logIn(email, 'new-password-1')).status).toBe(200);
    }
    // The race only means something if some logins got through before the reset committed.
    expect(issued).toBeGreaterThan(0);
  });

  it.runIf(onPostgres)('issues no token under the old password that outlives a change, and keeps the changer signed in', async () => {
    let issued = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const email = `race-change-${round}@example.com`;
      await signUp(email, { password: 'old-password-1' });
      const own = (await logIn(email, 'old-password-1')).json.id as string;
      const { changed, logins } = await raceLogins(email, 'old-password-1', round, () =>
        call(changePassword, 'POST', '/api/users/change-password', {
          body: { oldPassword: 'old-password-1', newPassword: 'new-password-1' },
          token: own,
        }),
      );
      expect(changed.status).toBe(204);
      expect((await me(own)).status).toBe(200);
      for (const answer of logins) {
        if (answer.status !== 200) continue;
        issued++;
        expect((await me(answer.json.id)).status, `round ${round}: a token issued with the old password still works`).toBe(401);
      }
    }
    expect(issued).toBeGreaterThan(0);
  });
});

describe('one reset link used many times at once', () => {
  it('sets the password exactly once; the others are told the link is used', async () => {
    const user = await signUp('race-link@example.com', { password: 'old-password-1' });
    const { token: link } = await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });
    const attempt = (i: number) =>
      call(resetPassword, 'POST', '/api/users/reset-password', {
        body: { newPassword: `new-password-${i}` },
        token: link.id,
        peer: `203.0.113.${i + 1}`,
      });

    // A weak password is refused without spending the link.
    expect((await call(resetPassword, 'POST', '/api/users/reset-password', { body: { newPassword: 'short' }, token: link.id })).status).toBe(422);

    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(i)));
    const won = answers.flatMap((answer, i) => (answer.status === 204 ? [i] : []));
    expect(won).toHaveLength(1);
    for (const answer of answers) if (answer.status !== 204) expectAuthorizationRequired(answer);
    expect((await logIn('race-link@example.com', `new-password-${won[0]}`)).status).toBe(200);
    for (let i = 0; i < 10; i++) if (i !== won[0]) expect((await logIn('race-link@example.com', `new-password-${i}`)).status).toBe(401);
  });
});
