/**
 * The code each password-hashing worker runs, a CommonJS string for `new Worker(source, { eval: true })`:
 * a string because bundlers rewrite worker paths. Why, and its messages: docs/decisions/006.
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
