import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/http/openapi';

/**
 * The README's typed-client example compiles against types generated from the description, as a
 * reader would do it: openapi-typescript writes latchkey-api.d.ts, tsc checks the example.
 */

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const example = /<!-- typed-client-example -->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];

let dir: string;

function compile(source: string): { status: number | null; output: string } {
  writeFileSync(path.join(dir, 'example.ts'), source);
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
  return { status: tsc.status, output: `${tsc.stdout}${tsc.stderr}` };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'latchkey-typed-client-'));
  const types = astToString(await openapiTS(structuredClone(openApiDocument()) as never));
  writeFileSync(path.join(dir, 'latchkey-api.d.ts'), types);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM'],
        skipLibCheck: true,
        types: [],
        typeRoots: [],
        baseUrl: '.',
        paths: { 'openapi-fetch': [path.join(root, 'node_modules/openapi-fetch')] },
      },
      files: ['example.ts', 'latchkey-api.d.ts'],
    }),
  );
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the README's typed client", () => {
  it('is in the README', () => {
    expect(example).toContain("api.POST('/api/users/login'");
  });

  it('compiles against the generated types', () => {
    const result = compile(example!);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('would not compile if it used the API wrongly: the types are real', () => {
    const wrongPath = compile(example!.replace("'/api/users/{id}'", "'/api/users/{userId}'"));
    expect(wrongPath.status).not.toBe(0);
    const wrongField = compile(example!.replace('me.data.email', 'me.data.password'));
    expect(wrongField.status).not.toBe(0);
    expect(wrongField.output).toMatch(/password/);
  }, 120_000);
});
