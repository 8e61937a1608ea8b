import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PEER_HEADER } from '@/lib/http/peer-header';
import { REQUEST_SCOPE } from '@/lib/http/request-scope';
import { CANNOT_START_MESSAGE } from '@/lib/startup';

/**
 * server.mjs is plain JavaScript and cannot import TypeScript, so it keeps its own copy of each
 * name it shares with the app: each copy must equal the app's, and be used where it matters.
 */
const server = readFileSync(path.join(import.meta.dirname, '../server.mjs'), 'utf8');

describe("server.mjs's copies of the app's names", () => {
  it.each([
    { name: 'PEER_HEADER', value: PEER_HEADER, use: 'req.headers[PEER_HEADER] =' },
    { name: 'CANNOT_START_MESSAGE', value: CANNOT_START_MESSAGE, use: 'message === CANNOT_START_MESSAGE' },
    { name: 'REQUEST_SCOPE', value: REQUEST_SCOPE, use: 'globalThis[Symbol.for(REQUEST_SCOPE)] = requestScope;' },
  ])('$name is the one the app uses', ({ name, value, use }) => {
    const copies = [...server.matchAll(new RegExp(`const ${name} = '([^']*)';`, 'g'))].map((m) => m[1]);
    expect(copies).toEqual([value]);
    expect(server).toContain(use);
  });
});
