import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANNOT_START_MESSAGE } from './startup';

describe('CANNOT_START_MESSAGE', () => {
  it('is the message server.mjs listens for (it keeps its own copy: plain JS cannot import TypeScript)', () => {
    const server = readFileSync(path.join(import.meta.dirname, '../server.mjs'), 'utf8');
    const copies = [...server.matchAll(/const CANNOT_START_MESSAGE = '([^']*)';/g)].map((m) => m[1]);
    expect(copies).toEqual([CANNOT_START_MESSAGE]);
    expect(server).toContain('message === CANNOT_START_MESSAGE');
  });
});
