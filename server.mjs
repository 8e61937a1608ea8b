// Latchkey's HTTP server: Next.js behind a plain Node server, for two reasons. Next does not tell
// route handlers or server actions the socket's address, and throttling by source needs the one
// address a client cannot forge: it is passed on in a header that is overwritten on every request.
// And one Node process uses one core for everything but hashing: this one starts a process per
// core (node:cluster), each with its share of the hashing threads (docs/decisions/027).
//
//   node server.mjs          production (after `next build`)
//   node server.mjs --dev    development (always one process)
import { AsyncLocalStorage } from 'node:async_hooks';
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { createServer, ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import nextEnv from '@next/env';

const dev = process.argv.includes('--dev');
// As `next dev` and `next start` do; Next and React read it when they load.
process.env.NODE_ENV = dev ? 'development' : 'production';
// The .env files, read as Next reads them, so that the settings below may live there too: the
// primary process decides how many processes to start before anything loads Next (it never does).
nextEnv.loadEnvConfig(process.cwd(), dev, { info: () => {}, error: (...args) => console.error(...args) });

// The same name as lib/http/peer-header.ts (this file cannot import TypeScript; test/server-mjs.test.ts checks).
const PEER_HEADER = 'x-latchkey-peer';
// How the primary asks a process to stop (a message: a signal may also reach it from the terminal,
// and a second signal means "now").
const SHUTDOWN_MESSAGE = 'latchkey:shutdown';
// From a worker that cannot start (lib/startup.ts): a bad setting, a missing database, a failed
// migration. It would fail the same way each time, so the server stops instead of replacing it.
// The same name as lib/startup.ts (test/server-mjs.test.ts checks).
const CANNOT_START_MESSAGE = 'latchkey:cannot-start';
// Where each request's scope is kept for the app to reach (lib/http/request-scope.ts; test/server-mjs.test.ts checks).
const REQUEST_SCOPE = 'latchkey.request-scope';

/**
 * Next's responses, with the one thing the app may ask of their head (lib/http/request-scope.ts):
 * a page that failed because the database is away is a 503 with Retry-After, as REST's answer
 * is, where Next lets a page's error choose no status but 500. `scope` is the request's, which
 * the app reaches through the AsyncLocalStorage the request runs in.
 */
class LatchkeyResponse extends ServerResponse {
  scope = { retryAfter: undefined };

  writeHead(statusCode, ...rest) {
    const { retryAfter } = this.scope;
    if (statusCode !== 500 || retryAfter === undefined) return super.writeHead(statusCode, ...rest);
    this.setHeader('retry-after', String(retryAfter));
    return super.writeHead(503, ...(typeof rest[0] === 'string' ? rest.slice(1) : rest));
  }
}

/**
 * The settings this file needs, validated as lib/env.ts validates them (it validates them again in
 * each process that loads the app): plain JavaScript cannot import it.
 */
function readWhole(name, min, max) {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(number) && number >= min && number <= max) return number;
  console.error(`[latchkey] cannot start: Invalid environment configuration:\n  ${name}: must be a whole number from ${min} to ${max}`);
  process.exit(1);
}

const port = readWhole('PORT', 1, 65535) ?? 3000;
const hostname = process.env.HOST || '0.0.0.0';
const shutdownTimeoutMs = (readWhole('SHUTDOWN_TIMEOUT', 0, 3600) ?? 10) * 1000;

if (cluster.isPrimary) {
  const processes = countProcesses();
  if (processes > 1) runPrimary(processes);
  else await serve(randomBytes(16).toString('hex'));
} else {
  // Set by the primary for every process it starts, so that all of them share one key.
  await serve(process.env.LATCHKEY_PEER_KEY || randomBytes(16).toString('hex'));
}

/** WEB_CONCURRENCY, or one per core; one wherever several cannot work. */
function countProcesses() {
  const asked = readWhole('WEB_CONCURRENCY', 1, 256);
  const wanted = asked ?? availableParallelism();
  if (wanted === 1) return 1;
  const because = dev
    ? 'the development server runs as one process'
    : !process.env.DATABASE_URL
      ? 'PGlite (no DATABASE_URL) cannot be shared between processes; set DATABASE_URL to serve with more'
      : undefined;
  if (!because) return wanted;
  if (asked !== undefined) console.log(`[latchkey] serving with one process, not ${asked} (WEB_CONCURRENCY): ${because}`);
  return 1;
}

/**
 * The primary only starts, replaces and stops the processes that serve; it never loads Next. The
 * listening socket is its own, and it hands each connection to one of them in turn.
 */
function runPrimary(processes) {
  const cores = availableParallelism();
  const hashThreads = readWhole('HASH_THREADS', 1, 256) ?? Math.max(1, Math.floor(cores / processes));
  const workerEnv = {
    // A key known only to these processes proves the header was set here: were the app ever
    // served another way (plain `next start`), a client's own header of that name would not be believed.
    LATCHKEY_PEER_KEY: randomBytes(16).toString('hex'),
    HASH_THREADS: String(hashThreads),
  };
  console.log(`[latchkey] ${processes} processes, ${hashThreads} hashing thread(s) each, on ${cores} core(s)`);

  const started = new Map();
  const listening = new Set();
  const pending = new Set();
  let served = false;
  let stopping = false;
  let quickDeaths = 0;
  let failed = false;

  const start = () => {
    const worker = cluster.fork(workerEnv);
    started.set(worker.id, Date.now());
    // Sending to a process that has just died fails (EPIPE: the primary hands a process its
    // listening socket as it exits on a bad setting). Unheard, that error would stop the primary
    // before 'exit' below could say why; what counts is the exit, and it is handled there.
    worker.on('error', (error) => console.error(`[latchkey] process ${worker.process.pid}: ${error.code ?? error.name}`));
  };
  const cannotStart = new Set();
  cluster.on('listening', (worker) => {
    served = true;
    listening.add(worker.id);
  });
  cluster.on('message', (worker, message) => {
    if (message === CANNOT_START_MESSAGE) cannotStart.add(worker.id);
  });
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? Date.now());
    started.delete(worker.id);
    listening.delete(worker.id);
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (stopping) {
      if (code !== 0) failed = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    // A process that cannot even start (a bad setting) would fail the same way each time: as a
    // single process would, stop and say so, rather than restart it for ever.
    // It listens before the database is reached (startup waits for an unreachable one), so a
    // process that has served may still be one that cannot start.
    if (!served || cannotStart.delete(worker.id)) {
      console.error(`[latchkey] process ${worker.process.pid} exited (${how}) before serving; stopping`);
      stopAll('start-up failure', 1);
      return;
    }
    // Replaced at once after a long life; a process that keeps dying soon after it starts is
    // replaced ever more slowly (up to 30 s), so a crash loop does not spin.
    quickDeaths = lived < 30_000 ? quickDeaths + 1 : 0;
    const delay = quickDeaths === 0 ? 0 : Math.min(30_000, 500 * 2 ** (quickDeaths - 1));
    console.error(`[latchkey] process ${worker.process.pid} exited unexpectedly (${how}); starting another in ${delay / 1000} s`);
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (!stopping) start();
    }, delay);
    pending.add(timer);
  });

  function stopAll(reason, code) {
    stopping = true;
    if (code !== 0) failed = true;
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
    const workers = Object.values(cluster.workers ?? {});
    console.log(`[latchkey] ${reason}: stopping ${workers.length} process(es)`);
    if (workers.length === 0) process.exit(failed ? 1 : 0);
    for (const worker of workers) {
      // One still starting may not listen for messages yet; it serves nothing, so a signal will do.
      if (listening.has(worker.id) && worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
      else worker.process.kill('SIGTERM');
    }
    // Each process bounds its own draining; this bounds the rest (closing pools and connections).
    setTimeout(() => {
      const left = Object.values(cluster.workers ?? {});
      console.error(`[latchkey] ${left.length} process(es) still running; killing them`);
      for (const worker of left) worker.process.kill('SIGKILL');
      process.exit(1);
    }, shutdownTimeoutMs + 30_000).unref();
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      // A second signal: stop now (each process ends when it loses the primary).
      process.once(signal, () => process.exit(1));
      stopAll(signal, 0);
    });
  }

  for (let i = 0; i < processes; i++) start();
}

/** One serving process: the whole server when alone, or one of the primary's. */
async function serve(peerKey) {
  process.env.LATCHKEY_PEER_KEY = peerKey;
  const where = cluster.isWorker ? ` (process ${process.pid})` : '';
  let app;
  let server;
  let inFlight = 0;
  let drained = () => {};
  let stopping;

  // Graceful shutdown: stop accepting, let requests in flight finish (for at most SHUTDOWN_TIMEOUT
  // seconds), then let the app finish its background work and close what it holds (lib/shutdown.ts),
  // and exit 0. A second signal exits at once.
  const shutdown = (reason) => {
    stopping ??= (async () => {
      console.log(`[latchkey] ${reason}: finishing ${inFlight} request(s) in flight${where}, then stopping`);
      if (server) {
        server.close();
        server.closeIdleConnections?.();
        const done = new Promise((resolve) => {
          drained = resolve;
          if (inFlight === 0) resolve();
        });
        const timeout = new Promise((resolve) => setTimeout(resolve, shutdownTimeoutMs, true).unref());
        const timedOut = await Promise.race([done.then(() => false), timeout]);
        if (timedOut) console.error(`[latchkey] ${inFlight} request(s) still running after ${shutdownTimeoutMs / 1000} s${where}; closing them`);
        server.closeAllConnections?.();
      }
      await globalThis[Symbol.for('latchkey.shutdown')]?.run();
      await app?.close?.();
      process.exit(0);
    })().catch(() => process.exit(1));
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.once(signal, () => process.exit(1));
      shutdown(signal);
    });
  }
  if (cluster.isWorker) {
    process.on('message', (message) => {
      if (message === SHUTDOWN_MESSAGE) shutdown('stopping');
    });
  }

  const requestScope = new AsyncLocalStorage();
  globalThis[Symbol.for(REQUEST_SCOPE)] = requestScope;
  const { default: next } = await import('next');
  app = next({ dev, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  if (stopping) return;

  server = createServer({ ServerResponse: LatchkeyResponse }, (req, res) => {
    // Counted until the response is done or the connection drops, for the drain on shutdown.
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) drained();
    });
    req.headers[PEER_HEADER] = `${peerKey} ${req.socket.remoteAddress ?? ''}`;
    requestScope
      .run(res.scope, () => handle(req, res))
      .catch((error) => {
        // The method, the path without its query (which may hold a token) and the error's name and
        // code; not its message, nor headers, which can carry tokens, cookies and the peer key.
        const path = (req.url ?? '').split('?')[0];
        const code = error?.code ? ` (${error.code})` : '';
        console.error(`[latchkey] request failed: ${req.method} ${path}: ${error?.name ?? 'Error'}${code}`);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'text/plain; charset=utf-8');
          res.end('Internal Server Error\n');
        } else {
          res.destroy();
        }
      });
  });
  server.listen(port, hostname, () => {
    const shown = hostname === '0.0.0.0' ? 'localhost' : hostname;
    console.log(`Latchkey ${dev ? 'development' : 'production'} server on http://${shown}:${port}${where}`);
  });
}
