/**
 * `npm run bench`: Latchkey (a production build on a fresh PostgreSQL database) against the
 * reference LoopBack 3 server, in one run on one machine. See bench/README.md.
 *
 * Everything this starts (build, servers, load generators, the database, a staging folder) is
 * stopped or removed on the way out, whether the run succeeds, fails or is interrupted
 * (bench/processes.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config, CORES, DIST_DIR, HOST, LOOPBACK_BCRYPT_COST, ROOT } from './config';
import { backendPids, createBenchDatabase } from './database';
import { measure, problems, seed, timeOneCompare, type ServerResults } from './measure';
import { cleanUp, onCleanup } from './processes';
import { report, writeResults } from './report';
import { build, loopbackApp, startServer } from './servers';

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
  const lbDir = await loopbackApp(logs);
  const database = await createBenchDatabase();

  console.log(`Starting Latchkey on ${HOST}:${config.port} and LoopBack 3 on ${HOST}:${config.loopbackPort}…`);
  // As in production: Next behind the plain Node server of server.mjs (`npm start`).
  const latchkey = await startServer('Latchkey', config.port, [process.execPath, path.join(ROOT, 'server.mjs')], {
    cwd: ROOT,
    logs,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(config.port),
      HOST,
      DATABASE_URL: database.url,
      BCRYPT_COST: String(config.cost),
      APP_URL: `http://${HOST}:${config.port}`,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      // Seeding signs up every bench user from one address; the bench measures logins, not this limit.
      SIGNUP_SOURCE_LIMIT: '100000',
      // Every bench connection comes from one address; the bench measures throughput, not this cap.
      LOGIN_SOURCE_CONCURRENCY: String(Math.max(8, config.loginConnections)),
      HASH_QUEUE_LIMIT: String(Math.max(64, config.loginConnections * 2)),
    },
  });
  latchkey.databasePids = () => backendPids(database.name);
  const loopback = await startServer('LoopBack 3', config.loopbackPort, [process.execPath, 'server.js'], {
    cwd: lbDir,
    logs,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(config.loopbackPort) },
  });

  console.log(`Seeding ${config.users} users in each…`);
  const latchkeyToken = await seed(latchkey);
  const loopbackToken = await seed(loopback);

  const compareMs = timeOneCompare(config.cost);
  const bound = { compareMs, loginsPerSecond: (CORES * 1000) / compareMs };
  console.log(
    `Machine bound: ${CORES} cores ÷ ${compareMs.toFixed(1)} ms per bcrypt check (cost ${config.cost}) = ${bound.loginsPerSecond.toFixed(1)} logins/s`,
  );

  console.log('Measuring:');
  const [latchkeyResults, loopbackResults] = (await measure([
    { server: latchkey, token: latchkeyToken },
    { server: loopback, token: loopbackToken },
  ])) as [ServerResults, ServerResults];

  const summary = report({ bound, latchkey: latchkeyResults, loopback: loopbackResults });
  writeResults({ bound, latchkey: latchkeyResults, loopback: loopbackResults, summary, problems });

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
