import { afterAll, describe, expect, it } from 'vitest';
import { linkIn, startSmtpSink, type SmtpSink } from '@/test/smtp-sink';
import { call } from '@/test/http';

// The sink must be up, and SMTP_URL set, before anything reads the environment.
const sink: SmtpSink = await startSmtpSink();
process.env.SMTP_URL = sink.url;

const { eq } = await import('drizzle-orm');
const { issueAccessToken, RESET_PASSWORD_SCOPE } = await import('@/lib/auth');
const { accessTokens, getDb, users } = await import('@/lib/db');
const { account, expectAuthorizationRequired, expectError, expectValidation, loginAs, PASSWORD, signUp, storedUser, tokenRow } =
  await import('@/test/accounts');
const signUpRoute = (await import('@/app/api/users/route')).POST;
const loginRoute = (await import('@/app/api/users/login/route')).POST;
const logoutRoute = (await import('@/app/api/users/logout/route')).POST;
const resetPasswordRoute = (await import('@/app/api/users/reset-password/route')).POST;
const changePasswordRoute = (await import('@/app/api/users/change-password/route')).POST;
const confirmEmailChangeRoute = (await import('@/app/api/users/confirm-email-change/route')).POST;
const userRoute = await import('@/app/api/users/[id]/route');

afterAll(() => sink.close());

/*
 * Each race has one defined outcome. The requests run in this process, but each awaits its own
 * pooled connection (postgres.js, up to 10) and its hashes run on the worker pool, so on
 * PostgreSQL their statements and transactions really interleave; PGlite runs one statement at a
 * time on a single connection, so these only mean something on PostgreSQL.
 */
const onPostgres = process.env.TEST_DB === 'postgres';
const N = 10;

const logIn = (email: string, password = PASSWORD) => call(loginRoute, 'POST', '/api/users/login', { body: { email, password } });
const me = (token: string) => call(userRoute.GET, 'GET', '/api/users/me', { token, params: { id: 'me' } });
const each = <T>(make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: N }, (_, i) => make(i)));

async function usersWithEmail(email: string) {
  const db = await getDb();
  return db.select().from(users).where(eq(users.email, email));
}

describe.runIf(onPostgres)('simultaneous requests on PostgreSQL', () => {
  it('ten reset-password calls with one link: exactly one 204, nine 401, and the password is the winner’s', async () => {
    const user = await signUp('race-reset@example.com', { password: 'old-password-1' });
    const { token: link } = await issueAccessToken({ userId: user.id, ttl: 900, scopes: [RESET_PASSWORD_SCOPE] });
    const answers = await each((i) =>
      call(resetPasswordRoute, 'POST', '/api/users/reset-password', {
        body: { newPassword: `winner-password-${i}` },
        token: link.id,
        peer: `198.51.100.${i + 1}`,
      }),
    );
    const won = answers.flatMap((answer, i) => (answer.status === 204 ? [i] : []));
    expect(won, answers.map((a) => a.status).join()).toHaveLength(1);
    for (const answer of answers) if (answer.status !== 204) expectAuthorizationRequired(answer);
    expect((await logIn(user.email, `winner-password-${won[0]}`)).status).toBe(200);
    for (let i = 0; i < N; i++) if (i !== won[0]) expect((await logIn(user.email, `winner-password-${i}`)).status).toBe(401);
    expect((await storedUser(user.id))!.credentialVersion).toBe(user.credentialVersion + 1);
  });

  it('ten change-password calls on one session: exactly one wins, the rest are told the current password is wrong', async () => {
    const { user, token } = await account('race-change@example.com');
    const elsewhere = await loginAs(user.email);
    const answers = await each((i) =>
      call(changePasswordRoute, 'POST', '/api/users/change-password', {
        body: { oldPassword: PASSWORD, newPassword: `changed-password-${i}` },
        token,
        // Distinct sources, or the per-source limit on checks in flight would refuse some.
        peer: `198.51.100.${i + 1}`,
      }),
    );
    // Each call checked the old password against the credentials it read; only the first to commit
    // over those credentials applies, so later ones find the password already changed.
    const won = answers.flatMap((answer, i) => (answer.status === 204 ? [i] : []));
    expect(won, answers.map((a) => a.status).join()).toHaveLength(1);
    for (const answer of answers) if (answer.status !== 204) expectError(answer, 400, 'Invalid current password', 'INVALID_PASSWORD');
    // One change: one bump of the credential version, the caller's session re-stamped with it, the other gone.
    const stored = (await storedUser(user.id))!;
    expect(stored.credentialVersion).toBe(user.credentialVersion + 1);
    expect((await tokenRow(token))?.credentialVersion).toBe(stored.credentialVersion);
    expect(await tokenRow(elsewhere)).toBeUndefined();
    expect((await me(token)).status).toBe(200);
    expect((await logIn(user.email, `changed-password-${won[0]}`)).status).toBe(200);
    expect((await logIn(user.email, PASSWORD)).status).toBe(401);
  });

  it('ten accounts confirming a change to one address at once: one account ends with it, nine 422, no 500', async () => {
    const wanted = 'race-wanted@example.com';
    const accounts = [];
    for (let i = 0; i < N; i++) accounts.push(await account(`race-mover-${i}@example.com`));
    const after = sink.mark();
    // Asking is not taking: every account may have a change pending to the same address.
    const asked = await Promise.all(
      accounts.map(({ token }, i) =>
        call(userRoute.PATCH, 'PATCH', '/api/users/me', {
          token,
          params: { id: 'me' },
          body: { email: wanted, currentPassword: PASSWORD },
          peer: `198.51.100.${i + 1}`,
        }),
      ),
    );
    for (const answer of asked) expect(answer.status, answer.text).toBe(200);
    const links = await confirmLinks(wanted, after, N);
    const answers = await Promise.all(
      links.map((token) => call(confirmEmailChangeRoute, 'POST', '/api/users/confirm-email-change', { body: { token } })),
    );
    expect(
      answers.filter((a) => a.status === 204),
      answers.map((a) => a.status).join(),
    ).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 204)) expectValidation(answer, { email: ['uniqueness'] });
    expect(await usersWithEmail(wanted)).toHaveLength(1);
  });

  it('ten sign-ups for one address: one account, nine 422 uniqueness errors', async () => {
    const answers = await each((i) =>
      call(signUpRoute, 'POST', '/api/users', { body: { email: i % 2 ? 'Race-Signup@Example.com' : 'race-signup@example.com', password: PASSWORD } }),
    );
    expect(
      answers.filter((a) => a.status === 200),
      answers.map((a) => a.status).join(),
    ).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expectValidation(answer, { email: ['uniqueness'] });
      expect(answer.json.error.details.messages).toEqual({ email: ['Email already exists'] });
    }
    expect(await usersWithEmail('race-signup@example.com')).toHaveLength(1);
  });

  it('a logout racing requests on the same token: each request succeeded before or got 401, and afterwards the token is dead', async () => {
    const { user, token } = await account('race-logout@example.com');
    const requests = (offset: number) =>
      Array.from({ length: N }, (_, i) =>
        new Promise((resolve) => setTimeout(resolve, i + offset)).then(() =>
          i % 2
            ? me(token)
            : call(userRoute.PATCH, 'PATCH', '/api/users/me', { token, params: { id: 'me' }, body: { username: `racer${offset}x${i}` } }),
        ),
      );
    const before = requests(0);
    const logout = call(logoutRoute, 'POST', '/api/users/logout', { token });
    const around = requests(1);
    const [out, answers] = await Promise.all([logout, Promise.all([...before, ...around])]);
    expect(out.status).toBe(204);
    for (const answer of answers) {
      if (answer.status === 200) continue;
      expectAuthorizationRequired(answer);
    }
    // Once the logout has answered, nothing brings the token back.
    expect(await tokenRow(token)).toBeUndefined();
    expectAuthorizationRequired(await me(token));
    expect((await call(logoutRoute, 'POST', '/api/users/logout', { token })).status).toBe(401);
    const db = await getDb();
    expect(await db.select().from(accessTokens).where(eq(accessTokens.userId, user.id))).toHaveLength(0);
  });
});

/** The confirmation links mailed to `to` since `after`, once `count` of them have arrived. */
async function confirmLinks(to: string, after: number, count: number): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mails = sink.messages.slice(after).filter((m) => m.to.includes(to) && m.subject.includes('Confirm your new email'));
    if (mails.length >= count) return mails.map((m) => linkIn(m, '/confirm-email').searchParams.get('token')!);
    if (Date.now() > deadline) throw new Error(`only ${mails.length} of ${count} confirmation mails arrived`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
