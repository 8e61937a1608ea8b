/**
 * The code each password-hashing worker thread runs, as a CommonJS string for
 * `new Worker(source, { eval: true })`.
 *
 * Why a string and not a worker file: Next.js bundles the server (Turbopack in `next dev`, and in
 * `next build`), and bundlers rewrite `new Worker(new URL('./x.js', import.meta.url))` and
 * `new Worker(path)` in different ways, or not at all. Evaluated code has no path to rewrite. The
 * one thing it loads, `bcryptjs`, is resolved at run time from the project's own node_modules
 * (`workerData.root`, the directory the server runs in), so the workers hash exactly as the
 * in-process library would.
 *
 * Protocol: one task at a time per worker. In: `{ id, op: 'hash', password, cost }` or
 * `{ id, op: 'compare', password, hash }`. Out: `{ id, ok: true, value }` or
 * `{ id, ok: false, message }` for an error bcrypt threw (bad input, not a crash). The synchronous
 * bcryptjs calls are the fastest here: the worker has nothing else to do while it hashes.
 */
export const HASH_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const path = require('node:path');

const bcrypt = createRequire(path.join(workerData.root, 'package.json'))('bcryptjs');

parentPort.on('message', (task) => {
  let reply;
  try {
    const value =
      task.op === 'hash'
        ? bcrypt.hashSync(task.password, task.cost)
        : task.op === 'compare'
          ? bcrypt.compareSync(task.password, task.hash)
          : undefined;
    if (value === undefined) throw new Error('unknown operation');
    reply = { id: task.id, ok: true, value };
  } catch (error) {
    // Only the library's message goes back: never the input, which holds a password.
    reply = { id: task.id, ok: false, message: error instanceof Error ? error.message : 'bcrypt failed' };
  }
  parentPort.postMessage(reply);
});
`;
