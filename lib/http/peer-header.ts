/**
 * The header server.mjs sets on every request, overwriting anything a client sent, as
 * `<key> <socket address>`. server.mjs keeps its own copy (plain JS cannot import this file);
 * test/server-mjs.test.ts checks that the two agree.
 */
export const PEER_HEADER = 'x-latchkey-peer';
