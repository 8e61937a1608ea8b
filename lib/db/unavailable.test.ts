import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { databaseUnavailableCode, isDatabaseUnavailable } from './unavailable';

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What postgres.js really throws when nothing answers at `port`. */
async function refusedConnection(): Promise<unknown> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(`postgres://latchkey@127.0.0.1:${await closedPort()}/latchkey`, { max: 1, connect_timeout: 5 });
  try {
    await sql`select 1`;
  } catch (error) {
    return error;
  } finally {
    await sql.end({ timeout: 1 });
  }
  throw new Error('the query succeeded');
}

describe('isDatabaseUnavailable', () => {
  it("recognises postgres.js's refused connection, bare and as drizzle wraps it", async () => {
    const refused = await refusedConnection();
    expect(databaseUnavailableCode(refused)).toBe('ECONNREFUSED');
    expect(databaseUnavailableCode(new DrizzleQueryError('select 1', [], refused as Error))).toBe('ECONNREFUSED');
  });

  it('recognises a server going away, starting up or full, and a statement timeout', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '57014', '08006', '08001', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
  });

  it('leaves faults alone: a bad query, a broken constraint, a wrong password, anything else', () => {
    for (const code of ['42601', '23505', '28P01', '3D000', '42P01', 'ERR_INVALID_ARG_TYPE']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new Error('no code'))).toBe(false);
    expect(isDatabaseUnavailable('a string')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    // A cycle of causes ends.
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
