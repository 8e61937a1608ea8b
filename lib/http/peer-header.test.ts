import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PEER_HEADER } from './peer-header';

describe('PEER_HEADER', () => {
  it('is the name server.mjs sets (it keeps its own copy: plain JS cannot import TypeScript)', () => {
    const server = readFileSync(path.join(import.meta.dirname, '../../server.mjs'), 'utf8');
    const copies = [...server.matchAll(/const PEER_HEADER = '([^']*)';/g)].map((m) => m[1]);
    expect(copies).toEqual([PEER_HEADER]);
    expect(server).toContain('req.headers[PEER_HEADER] =');
  });
});
