import { afterAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '@/test/tcp-proxy';
import { withAdmin } from '@/test/databases';
import { call } from '@/test/http';

// Outages are a PostgreSQL matter: PGlite lives inside the process and cannot be cut off from it.
const onPostgres = process.env.TEST_DB === 'postgres';
const directUrl = process.env.DATABASE_URL ?? '';

// The app reaches its database only through the proxy, set up before anything reads the settings.
let proxy: TcpProxy | undefined;
if (onPostgres) {
  const { hostname, port } = new URL(directUrl);
  proxy = await startTcpProxy({ host: hostname, port: Number(port || 5432) });
  process.env.DATABASE_URL = proxy.through(directUrl);
  process.env.DATABASE_CONNECT_TIMEOUT = '2';
  process.env.DATABASE_STATEMENT_TIMEOUT_MS = '1000';
}
afterAll(() => proxy?.close());

const signUpRoute = (await import('@/app/api/users/route')).POST;
const loginRoute = (await import('@/app/api/users/login/route')).POST;
const userRoute = (await import('@/app/api/users/[id]/route')).GET;
const health = (await import('@/app/api/health/route')).GET;
const ready = (await import('@/app/api/ready/route')).GET;

const PASSWORD = 'velvet9heron';
// The connect timeout, and room for a busy machine: what "answers within a bounded time" allows.
const BOUND_MS = 2000 + 4000;

const signUp = (email: string) => call(signUpRoute, 'POST', '/api/users', { body: { email, password: PASSWORD } });
const logIn = (email: string) => call(loginRoute, 'POST', '/api/users/login', { body: { email, password: PASSWORD } });
const me = (token: string) => call(userRoute, 'GET', '/api/users/me', { token, params: { id: 'me' } });
const probe = (handler: unknown, path: string) => call(handler, 'GET', path);

async function timed<T>(work: () => Promise<T>): Promise<{ answer: T; ms: number }> {
  const started = performance.now();
  const answer = await work();
  return { answer, ms: performance.now() - started };
}

/** What the database holds, read past the proxy. */
function snapshot() {
  return withAdmin(directUrl, async (sql) => {
    const [row] = await sql`select (select count(*) from users)::int as users, (select count(*) from access_tokens)::int as tokens,
      (select coalesce(max(updated_at)::text, '') from users) as updated`;
    return row;
  });
}

function expectUnavailable(answer: Awaited<ReturnType<typeof call>>) {
  expect(answer.status, answer.text).toBe(503);
  expect(answer.json).toEqual({
    error: { statusCode: 503, name: 'Error', message: 'The service is briefly unavailable. Try again shortly.', code: 'SERVICE_UNAVAILABLE' },
  });
  expect(answer.headers.get('retry-after')).toBe('5');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.text).not.toMatch(/ECONN|postgres|stack|127\.0\.0\.1/i);
}

describe.runIf(onPostgres)('while PostgreSQL cannot be reached', () => {
  it('answers 503 with the envelope within the bound, changes nothing, and serves again once it is back', async () => {
    expect((await signUp('before@example.com')).status).toBe(200);
    const login = await logIn('before@example.com');
    expect(login.status).toBe(200);
    const token = login.json.id as string;
    expect((await me(token)).status).toBe(200);
    expect((await probe(ready, '/api/ready')).status).toBe(200);
    const before = await snapshot();

    await proxy!.cut();
    for (const request of [
      () => logIn('before@example.com'),
      () => me(token),
      () => signUp('during@example.com'),
      () => probe(ready, '/api/ready'),
    ]) {
      const { answer, ms } = await timed(request);
      expectUnavailable(answer);
      expect(ms).toBeLessThan(BOUND_MS);
    }
    // Liveness asks nothing of the database.
    const live = await probe(health, '/api/health');
    expect(live.status).toBe(200);
    expect(live.json).toEqual({ status: 'ok' });
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(await snapshot()).toEqual(before);

    // Back, with no restart: the pool opens new connections on the next query.
    await proxy!.restore();
    expect((await probe(ready, '/api/ready')).status).toBe(200);
    expect((await me(token)).status).toBe(200);
    expect((await logIn('before@example.com')).status).toBe(200);
    expect((await signUp('during@example.com')).status).toBe(200);
  });

  it('answers 503 when the connection drops in the middle of the work, and recovers', async () => {
    expect((await signUp('midway@example.com')).status).toBe(200);
    const token = (await logIn('midway@example.com')).json.id as string;
    // The login's bcrypt check runs between its queries: the cut lands inside the request.
    const pending = timed(() => logIn('midway@example.com'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await proxy!.cut();
    const { answer, ms } = await pending;
    expect(ms).toBeLessThan(BOUND_MS);
    // Either it finished before the cut, or it is the outage's answer: never a 500 or a hang.
    if (answer.status !== 200) expectUnavailable(answer);
    expectUnavailable(await me(token));
    await proxy!.restore();
    expect((await me(token)).status).toBe(200);
  });

  it('rides out a restart of the server: its connections ended (57P01) are opened again, never a 500', async () => {
    expect((await signUp('restart@example.com')).status).toBe(200);
    const token = (await logIn('restart@example.com')).json.id as string;
    // What a restart (or an administrator) does to every session: terminate it.
    const ended = await withAdmin(
      directUrl,
      (sql) => sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'latchkey'`,
    );
    expect(ended.length).toBeGreaterThan(0);
    const first = await me(token);
    if (first.status !== 200) expectUnavailable(first);
    expect((await me(token)).status).toBe(200);
  });

  it('answers 503 when a statement waits past DATABASE_STATEMENT_TIMEOUT_MS, and serves once the wait is over', async () => {
    expect((await signUp('locked@example.com')).status).toBe(200);
    const token = (await logIn('locked@example.com')).json.id as string;
    await withAdmin(directUrl, async (sql) => {
      await sql.begin(async (tx) => {
        await tx`lock table users in access exclusive mode`;
        const { answer, ms } = await timed(() => me(token));
        expectUnavailable(answer);
        expect(ms).toBeLessThan(BOUND_MS);
      });
    });
    expect((await me(token)).status).toBe(200);
  });
});
