import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RangeMode = 'range' | 'hang' | 'error';

/**
 * A real HTTP server on 127.0.0.1 that answers like a Pwned Passwords range API
 * (`GET <base><5 hex>` → `SUFFIX:COUNT` lines, padded with count-0 rows), or hangs, or answers 500.
 */
export async function startRangeApi(breached: Record<string, number>, zeroRows: string[] = []) {
  const sha1 = (p: string) => createHash('sha1').update(p, 'utf8').digest('hex').toUpperCase();
  const counts = new Map(Object.entries(breached).map(([p, n]) => [sha1(p), n] as const));
  // Padding that happens to carry a real password's suffix with count 0 must not count as a hit.
  for (const p of zeroRows) counts.set(sha1(p), 0);
  const requests: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const hanging: ServerResponse[] = [];
  const state = { mode: 'range' as RangeMode };
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    if (state.mode === 'hang') return void hanging.push(res);
    if (state.mode === 'error') return void res.writeHead(500).end('oops');
    const prefix = /^\/range\/([0-9A-F]{5})$/i.exec(req.url ?? '')?.[1]?.toUpperCase();
    if (!prefix) return void res.writeHead(404).end();
    const rows = [...counts].filter(([hash]) => hash.startsWith(prefix)).map(([hash, n]) => `${hash.slice(5)}:${n}`);
    if (req.headers['add-padding'] === 'true') {
      for (let i = 0; i < 50; i++) rows.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:0`);
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(rows.join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/range/`,
    requests,
    state,
    close: () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
