// Latchkey's HTTP server: Next.js behind a plain Node server, for one reason — Next does not tell
// route handlers or server actions the socket's address, and throttling by source needs the one
// address a client cannot forge. It is passed on in a header that is overwritten on every request.
//
//   node server.mjs          production (after `next build`)
//   node server.mjs --dev    development
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const dev = process.argv.includes('--dev');
// As `next dev` and `next start` do; Next and React read it when they load.
process.env.NODE_ENV = dev ? 'development' : 'production';
const { default: next } = await import('next');
const port = Number.parseInt(process.env.PORT || '3000', 10);
const hostname = process.env.HOST || '0.0.0.0';
// The same name as lib/http/peer-header.ts (this file cannot import TypeScript; a test checks).
const PEER_HEADER = 'x-latchkey-peer';
// A key known only to this process proves the header was set here: were the app ever served
// another way (plain `next start`), a client's own header of that name would not be believed.
const peerKey = randomBytes(16).toString('hex');
process.env.LATCHKEY_PEER_KEY = peerKey;

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers[PEER_HEADER] = `${peerKey} ${req.socket.remoteAddress ?? ''}`;
  handle(req, res).catch((error) => {
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
  console.log(`Latchkey ${dev ? 'development' : 'production'} server on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`);
});

// Graceful shutdown: stop accepting, let requests in flight finish (for at most SHUTDOWN_TIMEOUT
// seconds), then let the app finish its background work and close what it holds (lib/shutdown.ts),
// and exit 0. A second signal exits at once.
const shutdownTimeoutMs = Number.parseFloat(process.env.SHUTDOWN_TIMEOUT || '10') * 1000;
let inFlight = 0;
let drained = () => {};
server.on('request', (req, res) => {
  inFlight++;
  res.once('close', () => {
    inFlight--;
    if (inFlight === 0) drained();
  });
});

async function shutdown(signal) {
  console.log(`[latchkey] ${signal}: finishing ${inFlight} request(s) in flight, then stopping`);
  server.close();
  server.closeIdleConnections?.();
  const done = new Promise((resolve) => {
    drained = resolve;
    if (inFlight === 0) resolve();
  });
  const timedOut = await Promise.race([done.then(() => false), new Promise((resolve) => setTimeout(resolve, shutdownTimeoutMs, true).unref())]);
  if (timedOut) console.error(`[latchkey] ${inFlight} request(s) still running after ${shutdownTimeoutMs / 1000} s; closing them`);
  server.closeAllConnections?.();
  await globalThis[Symbol.for('latchkey.shutdown')]?.run();
  await app.close?.();
  process.exit(0);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    process.once(signal, () => process.exit(1));
    shutdown(signal).catch(() => process.exit(1));
  });
}
