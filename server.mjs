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

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections?.();
    app.close?.().finally(() => process.exit(0));
  });
}
