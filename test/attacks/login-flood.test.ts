import { describe, expect, it } from 'vitest';
import { call } from '@/test/http';

// The real default limits, and the real bcrypt cost: the attack is about how long hashing takes.
process.env.THROTTLE_MULTIPLIER = '1';
process.env.BCRYPT_COST = '10';
// Room for one source's logins in flight and the real login beside them, and small enough that
// filling it stays quick: the default (64) would take tens of seconds of hashing to drain.
process.env.HASH_QUEUE_LIMIT = '12';

const signUp = (await import('@/app/api/users/route')).POST;
const login = (await import('@/app/api/users/login/route')).POST;
const { getHashPool } = await import('@/lib/auth/hash-pool');
const { env } = await import('@/lib/env');

let nextSource = 1;
const newSource = () => `203.0.113.${nextSource++}`;
let nextWide = 1;
/** Distinct sources, many of them: one per /64 of a documentation prefix. */
const wideSource = () => `2001:db8:${(nextWide++).toString(16)}::1`;

const PASSWORD = 'flood-right-password-1';
await call(signUp, 'POST', '/api/users', { body: { email: 'owner@example.com', password: PASSWORD }, peer: newSource() });

const compares = () => getHashPool().stats().completed.compare;

async function realLogin(): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const r = await call(login, 'POST', '/api/users/login', { body: { email: 'owner@example.com', password: PASSWORD }, peer: newSource() });
  return { status: r.status, ms: performance.now() - started };
}

async function baseline(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await realLogin();
    expect(r.status).toBe(200);
    times.push(r.ms);
  }
  return times.sort((a, b) => a - b)[1]!;
}

const wrong = (i: number, peer: string) =>
  call(login, 'POST', '/api/users/login', { body: { email: `flood-${i}@example.com`, password: `guess-${i}` }, peer });

describe('one client flooding the login', () => {
  it('150 concurrent wrong logins from one address run at most the source limit of password checks, and a real login is not held up', async () => {
    // Warm up (the dummy hash for unknown accounts, the workers) and measure a real login alone.
    await wrong(0, newSource());
    const alone = await baseline();

    const attacker = newSource();
    const before = compares();
    const flood = Array.from({ length: 150 }, (_, i) => wrong(i + 1, attacker));
    await new Promise((resolve) => setImmediate(resolve));
    const real = await realLogin();
    const statuses = (await Promise.all(flood)).map((r) => r.status);
    const checked = compares() - before - 1; // the real login's own check

    expect(real.status).toBe(200);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(env.LOGIN_SOURCE_LIMIT);
    expect(checked).toBeLessThanOrEqual(env.LOGIN_SOURCE_LIMIT);
    // Before: every one of the 150 guesses was hashed ahead of the real login (tens of times its
    // usual time). Now it waits behind a handful at most.
    expect(real.ms, `alone ${alone.toFixed(0)} ms, under attack ${real.ms.toFixed(0)} ms`).toBeLessThan(alone * 10);
  });

  it('counts each attempt before its password check: waves of concurrent guesses stop at the limit', async () => {
    const attacker = newSource();
    const before = compares();
    const statuses: number[] = [];
    for (let wave = 0; wave < 5; wave++) {
      const answers = await Promise.all(Array.from({ length: env.LOGIN_SOURCE_CONCURRENCY }, (_, i) => wrong(1000 + wave * 100 + i, attacker)));
      statuses.push(...answers.map((r) => r.status));
    }
    expect(compares() - before).toBeLessThanOrEqual(env.LOGIN_SOURCE_LIMIT);
    expect(statuses.filter((s) => s === 401)).toHaveLength(env.LOGIN_SOURCE_LIMIT);
    expect(statuses.slice(-env.LOGIN_SOURCE_CONCURRENCY).every((s) => s === 429)).toBe(true);
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, without a password check, once the hashing queue is full', async () => {
    const pool = getHashPool();
    const refusedBefore = pool.stats().refused;
    const burst = pool.size + env.HASH_QUEUE_LIMIT + 20;
    const answers = await Promise.all(Array.from({ length: burst }, (_, i) => wrong(5000 + i, wideSource())));
    const busy = answers.filter((r) => r.status === 503);
    expect(answers.every((r) => r.status === 401 || r.status === 503)).toBe(true);
    expect(busy.length).toBeGreaterThan(0);
    expect(pool.stats().refused - refusedBefore).toBe(busy.length);
    expect(busy[0]!.json.error).toEqual({
      statusCode: 503,
      name: 'Error',
      message: 'The service is busy. Try again shortly.',
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(busy.every((r) => Number(r.headers.get('retry-after')) >= 1)).toBe(true);
    // And the service recovers at once.
    expect((await realLogin()).status).toBe(200);
  }, 90_000);
});
