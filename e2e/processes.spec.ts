import { availableParallelism } from 'node:os';
import http from 'node:http';
import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { createDatabase, maintenanceUrl, randomDatabaseName } from '../test/databases';
import {
  childPids,
  connectionOwner,
  SPEC_PORTS,
  spawnSpecServer,
  startingEnvironment,
  startSpecServer,
  until,
  type SpecServer,
} from './support/servers';

/**
 * `npm start` as deployed: a process per core on PostgreSQL, one on PGlite, a dead process replaced,
 * and SIGTERM that lets a request in flight finish. Each test starts its own production server
 * (e2e/support/servers.ts) from the journeys' build.
 */

const adminUrl = process.env.DATABASE_URL;

interface Answer {
  status: number;
  body: string;
  /** The client's port of the connection it came on (still open: keep-alive). */
  clientPort: number;
  agent: http.Agent;
}

/** One request on a connection of its own, which stays open after the answer. */
function request(server: SpecServer, method: string, path: string, body?: unknown, onConnect?: (clientPort: number) => void): Promise<Answer> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, {
      method,
      agent,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    let clientPort = 0;
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        clientPort = socket.localPort ?? 0;
        onConnect?.(clientPort);
      });
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, clientPort, agent }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The processes that served `count` requests, each on a new connection, told apart by who holds the connection. */
async function servingProcesses(server: SpecServer, count: number): Promise<Set<number>> {
  const workers = childPids(server.pid);
  const owners = new Set<number>();
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await request(server, 'GET', '/api/users/me');
    expect(answer.status).toBe(401);
    answers.push(answer);
    const owner = connectionOwner(workers, server.port, answer.clientPort);
    expect(owner, 'a serving process holds the connection').toBeDefined();
    owners.add(owner!);
  }
  for (const answer of answers) answer.agent.destroy();
  return owners;
}

test.describe('the production server', () => {
  test.skip(process.platform !== 'linux', 'watches processes and sockets through /proc');

  test('serves from two processes with WEB_CONCURRENCY=2, sharing one peer key, and replaces one that is killed', async () => {
    test.skip(!adminUrl, 'several processes need PostgreSQL (DATABASE_URL)');
    test.setTimeout(240_000);
    const database = await createDatabase(maintenanceUrl(adminUrl!), randomDatabaseName('latchkey_e2e_cluster'));
    const server = await startSpecServer(SPEC_PORTS.cluster, { DATABASE_URL: database.url, WEB_CONCURRENCY: '2' });
    try {
      await server.printed(/production server on .* \(process \d+\)/, 2);
      const workers = childPids(server.pid);
      expect(workers).toHaveLength(2);
      expect(server.output()).toContain(`[latchkey] 2 processes, ${Math.max(1, Math.floor(availableParallelism() / 2))} hashing thread(s) each`);

      // The primary hands out a key that only its processes know, the same to each, and the
      // hashing threads are split among them so that together they use every core once.
      const [first, second] = workers.map(startingEnvironment);
      expect(first!.LATCHKEY_PEER_KEY).toMatch(/^[0-9a-f]{32}$/);
      expect(second!.LATCHKEY_PEER_KEY).toBe(first!.LATCHKEY_PEER_KEY);
      expect(first!.HASH_THREADS).toBe(String(Math.max(1, Math.floor(availableParallelism() / 2))));
      expect(startingEnvironment(server.pid).LATCHKEY_PEER_KEY).toBeUndefined();

      expect(await servingProcesses(server, 6)).toEqual(new Set(workers));

      process.kill(workers[0]!, 'SIGKILL');
      await until('a replacement process', () => {
        const now = childPids(server.pid);
        return now.length === 2 && !now.includes(workers[0]!);
      });
      const replaced = childPids(server.pid);
      const replacement = replaced.find((pid) => pid !== workers[1])!;
      await server.printed(new RegExp(`production server on .* \\(process ${replacement}\\)`));
      expect(server.output()).toContain(`[latchkey] process ${workers[0]} exited unexpectedly (signal SIGKILL); starting another in 0.5 s`);
      expect(await servingProcesses(server, 6)).toEqual(new Set(replaced));

      // One that dies soon after it started again is replaced after a longer pause: no crash loop.
      process.kill(replacement, 'SIGKILL');
      await server.printed(new RegExp(`process ${replacement} exited unexpectedly \\(signal SIGKILL\\); starting another in 1 s`));
      await until('a second replacement', () => {
        const now = childPids(server.pid);
        return now.length === 2 && !now.includes(replacement);
      });
      const third = childPids(server.pid).find((pid) => pid !== workers[1])!;
      await server.printed(new RegExp(`production server on .* \\(process ${third}\\)`));

      await server.stop();
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(childPids(server.pid)).toEqual([]);
    } finally {
      await server.stop();
      await database.cleanup();
    }
  });

  test('refuses a bad WEB_CONCURRENCY, naming it', async () => {
    const bad = spawnSpecServer(SPEC_PORTS.failing, { WEB_CONCURRENCY: 'all' });
    expect(await bad.exited).toEqual({ code: 1, signal: null });
    expect(bad.output()).toContain('WEB_CONCURRENCY: must be a whole number from 1 to 256');
    await bad.stop();
  });

  test('stops with exit 1, instead of restarting them, when its processes cannot start', async () => {
    test.skip(!adminUrl, 'several processes need PostgreSQL (DATABASE_URL)');
    test.setTimeout(180_000);
    // Every process fails its start-up the same way (a bad setting): restarting could only fail again.
    const failing = spawnSpecServer(SPEC_PORTS.failing + 1, { DATABASE_URL: adminUrl!, WEB_CONCURRENCY: '2', BCRYPT_COST: '99' });
    expect(await failing.exited).toEqual({ code: 1, signal: null });
    expect(failing.output()).toContain('BCRYPT_COST');
    expect(failing.output()).toMatch(/exited \(code 1\) before serving; stopping/);
    expect(failing.output()).not.toContain('starting another');
    await failing.stop();
  });

  test('stays one process on PGlite, and says why when asked for more', async () => {
    test.setTimeout(180_000);
    const server = await startSpecServer(SPEC_PORTS.pglite, { WEB_CONCURRENCY: '2' });
    try {
      expect(server.output()).toContain(
        'serving with one process, not 2 (WEB_CONCURRENCY): PGlite (no DATABASE_URL) cannot be shared between processes',
      );
      expect(childPids(server.pid)).toEqual([]);
      const answer = await request(server, 'GET', '/api/users/me');
      expect(answer.status).toBe(401);
      expect(connectionOwner([server.pid], server.port, answer.clientPort)).toBe(server.pid);
      answer.agent.destroy();
    } finally {
      await server.stop();
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  test('finishes a login in flight when SIGTERM arrives, refuses new connections, and exits 0', async () => {
    test.setTimeout(240_000);
    const database = adminUrl ? await createDatabase(maintenanceUrl(adminUrl), randomDatabaseName('latchkey_e2e_shutdown')) : undefined;
    // A costly hash makes the login take seconds; on PostgreSQL two processes, so that the primary's
    // SIGTERM has to reach the one holding the request.
    const server = await startSpecServer(SPEC_PORTS.shutdown, {
      BCRYPT_COST: '14',
      SHUTDOWN_TIMEOUT: '60',
      ...(database ? { DATABASE_URL: database.url, WEB_CONCURRENCY: '2' } : {}),
    });
    const processes = database ? 2 : 1;
    try {
      await server.printed(/production server on /, processes);
      const credentials = { email: `shutdown-${Date.now()}@example.com`, password: 'Copper-kettle-drain-77' };
      expect((await request(server, 'POST', '/api/users', credentials)).status).toBe(200);

      let clientPort = 0;
      const login = request(server, 'POST', '/api/users/login', credentials, (port) => (clientPort = port));
      // In flight: a serving process holds its connection (and is hashing for seconds).
      const serving = database ? childPids(server.pid) : [server.pid];
      await until('the login to reach a serving process', () => clientPort !== 0 && connectionOwner(serving, server.port, clientPort) !== undefined);
      process.kill(server.pid, 'SIGTERM');

      await server.printed(/finishing \d+ request\(s\) in flight/, processes);
      await until('new connections to be refused', async () => {
        const refused = await new Promise<boolean>((resolve) => {
          const socket = connect(server.port, '127.0.0.1');
          socket.once('connect', () => (socket.destroy(), resolve(false)));
          socket.once('error', () => resolve(true));
        });
        return refused;
      });

      const answer = await login;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ id: expect.stringMatching(/.{20,}/), userId: expect.anything() });
      answer.agent.destroy();
      expect(server.output()).toContain('finishing 1 request(s) in flight');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output()).not.toContain('still running after');
    } finally {
      await server.stop();
      await database?.cleanup();
    }
  });
  test('finishes a reset asked for just before SIGTERM: its link and mail are made before the database closes', async () => {
    test.skip(!adminUrl, 'holds a lock in the database from outside the server, which needs PostgreSQL');
    test.setTimeout(180_000);
    const database = await createDatabase(maintenanceUrl(adminUrl!), randomDatabaseName('latchkey_e2e_after'));
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const server = await startSpecServer(SPEC_PORTS.afterResponse, { DATABASE_URL: database.url, WEB_CONCURRENCY: '1', SHUTDOWN_TIMEOUT: '60' });
    try {
      const email = `after-${Date.now()}@example.com`;
      const created = await request(server, 'POST', '/api/users', { email, password: 'Copper-kettle-drain-77' });
      expect(created.status).toBe(200);
      created.agent.destroy();

      // The reset is answered at once and made after the response. A lock on the outbox holds
      // that work where it queues the mail, so SIGTERM arrives while it runs.
      await sql.begin(async (tx) => {
        await tx`lock table outbox_messages in share mode`;
        const asked = await request(server, 'POST', '/api/users/reset', { email });
        expect(asked.status).toBe(204);
        asked.agent.destroy();
        process.kill(server.pid, 'SIGTERM');
        await server.printed(/finishing 0 request\(s\) in flight/);
        await server.printed(/shutdown: finishing \d+ task\(s\) begun by answered requests/);
      });

      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output()).not.toContain('still running after');
      expect(server.output()).not.toContain('background task failed');
      const reset = await sql`select status from outbox_messages where kind = 'resetPassword'`;
      expect(reset).toHaveLength(1);
      // The reset link's token (the account has no other: signing up over REST logs nobody in).
      const [tokens] = await sql`select count(*)::int as n from access_tokens`;
      expect(tokens?.n).toBe(1);
    } finally {
      await server.stop();
      await sql.end();
      await database.cleanup();
    }
  });
});
