/**
 * `npm run bench`: Latchkey (a production build, each run on a fresh PostgreSQL database) against
 * the reference LoopBack 3 server on PostgreSQL (its own fresh database, same PostgreSQL server)
 * at the same numbers of processes, LoopBack 3 on its memory connector for reference, and a
 * one-route Next.js app as the floor, in one run on one machine. See bench/README.md.
 *
 * Everything this starts (builds, servers, load generators, databases, a staging folder) is
 * stopped or removed on the way out, whether the run succeeds, fails or is interrupted
 * (bench/processes.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config, CORES, DIST_DIR, FLOOR_DIR, FLOOR_DIST_DIR, HOST, LOOPBACK_BCRYPT_COST, NEXT_BIN, ROOT } from './config';
import { backendPids, createBenchDatabase } from './database';
import { measure, problems, seed, timeOneCompare } from './measure';
import { cleanUp, onCleanup } from './processes';
import { report, writeResults } from './report';
import { build, loopbackApp, startServer, type Server, type ServerPlan } from './servers';

/** Without WEB_CONCURRENCY, each server starts as many processes as it does by default. */
function withProcesses(env: NodeJS.ProcessEnv, processes: number | null): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.WEB_CONCURRENCY;
  delete copy.HASH_THREADS;
  return processes === null ? copy : { ...copy, WEB_CONCURRENCY: String(processes) };
}

async function plan(logs: string): Promise<{ plans: ServerPlan[]; databases: Map<string, string> }> {
  const lbDir = await loopbackApp(logs);
  const plans: ServerPlan[] = [];
  const databases = new Map<string, string>();
  let port = config.port;
  const database = async (id: string) => {
    const created = await createBenchDatabase();
    databases.set(id, created.name);
    return created.url;
  };

  // Latchkey at each process count, and as shipped (no WEB_CONCURRENCY: one process per core)
  // unless one of the counts is the number of cores, which is then run as shipped.
  const latchkeyCounts: (number | null)[] = config.processCounts.map((n) => (n === CORES ? null : n));
  if (!latchkeyCounts.includes(null)) latchkeyCounts.push(null);
  for (const processes of latchkeyCounts) {
    const id = `latchkey-${processes ?? 'shipped'}`;
    const url = await database(id);
    const at = port++;
    plans.push({
      id,
      name: processes === null ? `Latchkey as shipped` : `Latchkey ×${processes}`,
      kind: 'latchkey',
      askedProcesses: processes,
      port: at,
      // As in production: Next behind the plain Node server of server.mjs (`npm start`).
      command: [process.execPath, path.join(ROOT, 'server.mjs')],
      cwd: ROOT,
      env: withProcesses(
        {
          ...process.env,
          NODE_ENV: 'production',
          NEXT_DIST_DIR: DIST_DIR,
          NEXT_TELEMETRY_DISABLED: '1',
          PORT: String(at),
          HOST,
          DATABASE_URL: url,
          BCRYPT_COST: String(config.cost),
          APP_URL: `http://${HOST}:${at}`,
          SESSION_SECRET: randomBytes(32).toString('hex'),
          // Seeding signs up every bench user from one address; the bench measures logins, not this limit.
          SIGNUP_SOURCE_LIMIT: '100000',
          // Every bench connection comes from one address; the bench measures throughput, not this cap.
          LOGIN_SOURCE_CONCURRENCY: String(Math.max(8, config.loginConnections)),
          HASH_QUEUE_LIMIT: String(Math.max(64, config.loginConnections * 2)),
        },
        processes,
      ),
    });
  }
  for (const processes of config.processCounts) {
    const id = `loopback-pg-${processes}`;
    const url = await database(id);
    const at = port++;
    plans.push({
      id,
      name: `LoopBack 3 PG ×${processes}`,
      kind: 'loopback',
      askedProcesses: processes,
      port: at,
      command: [process.execPath, 'server.js'],
      cwd: lbDir,
      env: withProcesses({ ...process.env, NODE_ENV: 'production', PORT: String(at), DATABASE_URL: url }, processes),
    });
  }
  if (config.memoryReference) {
    const at = port++;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(at) };
    delete env.DATABASE_URL;
    plans.push({
      id: 'loopback-memory',
      name: 'LoopBack 3 memory',
      kind: 'loopback',
      askedProcesses: 1,
      port: at,
      command: [process.execPath, 'server.js'],
      cwd: lbDir,
      env: withProcesses(env, null),
    });
  }
  const floorPort = port++;
  plans.push({
    id: 'floor',
    name: 'Next.js floor',
    kind: 'floor',
    askedProcesses: 1,
    port: floorPort,
    command: [process.execPath, NEXT_BIN, 'start', '--hostname', HOST, '--port', String(floorPort)],
    cwd: FLOOR_DIR,
    env: withProcesses({ ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: FLOOR_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' }, null),
  });
  return { plans, databases };
}

async function main() {
  const logs = mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-logs-'));
  let keepLogs = true;
  onCleanup('logs', () => {
    if (!keepLogs) rmSync(logs, { recursive: true, force: true });
    else console.error(`Server and build logs: ${logs}`);
  });
  if (config.cost !== LOOPBACK_BCRYPT_COST) {
    console.warn(`BCRYPT_COST is ${config.cost}; LoopBack hashes at ${LOOPBACK_BCRYPT_COST}, so the login comparison is uneven.`);
  }

  await build(logs);
  const { plans, databases } = await plan(logs);
  console.log(`Starting ${plans.map((p) => `${p.name} on :${p.port}`).join(', ')}…`);
  const servers: Server[] = [];
  // One at a time: a start-up (migrations, a cluster forking) is not slowed by the others'.
  for (const p of plans) {
    const server = await startServer(p, logs);
    const database = databases.get(p.id);
    if (database) server.databasePids = () => backendPids(database);
    servers.push(server);
  }
  for (const s of servers) {
    if (s.askedProcesses !== null && s.kind !== 'floor' && s.processes < s.askedProcesses) {
      problems.push(`${s.name}: asked for ${s.askedProcesses} processes, ${s.processes} serve`);
    }
    if (s.kind === 'latchkey' && s.askedProcesses === null && s.processes < CORES) {
      problems.push(`${s.name}: ${s.processes} process(es) serve on ${CORES} cores`);
    }
  }

  console.log(`Seeding ${config.users} users in each…`);
  const tokens: (string | null)[] = [];
  for (const server of servers) tokens.push(server.kind === 'floor' ? null : await seed(server));

  const compareMs = timeOneCompare(config.cost);
  const bound = { compareMs, loginsPerSecond: (CORES * 1000) / compareMs };
  console.log(
    `Machine bound: ${CORES} cores ÷ ${compareMs.toFixed(1)} ms per bcrypt check (cost ${config.cost}) = ${bound.loginsPerSecond.toFixed(1)} logins/s`,
  );

  console.log('Measuring:');
  const results = await measure(servers.map((server, i) => ({ server, token: tokens[i]! })));
  const runs = servers.map((server, i) => ({ server, results: results[i]! }));

  const summary = report({ bound, runs });
  writeResults({ bound, runs, summary, problems });

  console.log(`\n${summary.table}\n`);
  for (const problem of problems) console.warn(`warning: ${problem}`);
  console.log(
    `Results: bench/results/latest.json (machine load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')})`,
  );
  keepLogs = problems.length > 0;
  return summary.targets.every((t) => t.met);
}

main()
  .then(async (met) => {
    await cleanUp();
    process.exit(config.enforce && !met ? 2 : 0);
  })
  .catch(async (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    await cleanUp();
    process.exit(1);
  });
