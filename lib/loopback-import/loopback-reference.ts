/**
 * Test support: the reference LoopBack 3 app (../shared/reference/loopback3 beside the repository,
 * as the bench finds it; LOOPBACK_REFERENCE_DIR to move it), installed once per machine into a cached copy, started on a
 * free port, and filled with users and tokens over its own REST API.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const REFERENCE = path.resolve(ROOT, process.env.LOOPBACK_REFERENCE_DIR || '../shared/reference/loopback3');
const FILES = ['package.json', 'package-lock.json', 'server.js'];
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same cache bench/run.ts uses: one install per machine, keyed by the reference's files. */
async function installedCopy(): Promise<string> {
  const files = FILES.filter((f) => existsSync(path.join(REFERENCE, f)));
  if (!files.includes('server.js')) throw new Error(`no LoopBack reference app at ${REFERENCE}`);
  const key = createHash('sha256')
    .update(files.map((f) => readFileSync(path.join(REFERENCE, f), 'utf8')).join('\0'))
    .digest('hex')
    .slice(0, 12);
  const copy = path.join(os.tmpdir(), `latchkey-bench-loopback3-${key}`);
  if (existsSync(path.join(copy, 'node_modules', 'loopback'))) return copy;
  // Installed into a staging folder and moved into place whole: a half-done install never looks usable.
  const staging = `${copy}.staging-${process.pid}-${randomBytes(3).toString('hex')}`;
  mkdirSync(staging, { recursive: true });
  try {
    for (const f of files) cpSync(path.join(REFERENCE, f), path.join(staging, f));
    await promisify(execFile)(
      'npm',
      [files.includes('package-lock.json') ? 'ci' : 'install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'],
      {
        cwd: staging,
        timeout: 10 * 60_000,
      },
    );
    try {
      renameSync(staging, copy);
    } catch (error) {
      if (!existsSync(path.join(copy, 'node_modules', 'loopback'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return copy;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `loopback_src_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    },
  };
}

export interface LoopBack {
  base: string;
  request: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- LoopBack's JSON
  stop: () => Promise<void>;
}

export async function startLoopBack(env: Record<string, string>): Promise<LoopBack> {
  const dir = await installedCopy();
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['server.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH, PORT: String(port), EMAIL_VERIFICATION_REQUIRED: '1', ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const base = `http://127.0.0.1:${port}`;
  const request: LoopBack['request'] = async (method, route, body) => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`LoopBack exited:\n${output}`);
    try {
      await fetch(`${base}/api/users/me`);
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`LoopBack did not start:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { base, request, stop };
}

export const PASSWORDS = { alice: 'alice-pass-1', bob: 'bob-pass-22', carol: 'carol-pass-3', dave: 'dave-pass-44' };

/** What `populate` made, for the assertions: LoopBack ids and the tokens LoopBack handed out. */
export interface Population {
  ids: { taken: number; alice: number; bob: number; carol: number; annUpper: number; annLower: number; dave: number };
  tokens: { alice: string; bob: string; dave: string; expired: string; reset: string };
  /** When LoopBack says each login token was created. */
  created: Record<string, Date>;
}

/**
 * Signs users up and in over LoopBack's REST API, as clients would: usernames, a realm, verified
 * addresses (confirmed with the emailed link) and an unverified one, two addresses that differ only
 * in case, tokens of several lifetimes, one that expires at once and a password-reset token.
 */
export async function populate(lb: LoopBack): Promise<Population> {
  const signUp = async (body: Record<string, unknown>) => {
    const answer = await lb.request('POST', '/api/users', body);
    if (answer.status !== 200) throw new Error(`LoopBack sign-up failed: ${JSON.stringify(answer.json)}`);
    return answer.json.id as number;
  };
  const confirm = async (email: string, uid: number) => {
    const mail = (await lb.request('GET', `/__oracle/mail?email=${encodeURIComponent(email)}`)).json as { kind: string; token: string }[];
    const token = mail.find((m) => m.kind === 'verify')!.token;
    const answer = await fetch(`${lb.base}/api/users/confirm?uid=${uid}&token=${token}&redirect=/`, { redirect: 'manual' });
    if (answer.status >= 400) throw new Error(`LoopBack confirm failed: ${answer.status}`);
  };
  const login = async (email: string, password: string, ttl?: number) => {
    const answer = await lb.request('POST', '/api/users/login', { email, password, ...(ttl !== undefined && { ttl }) });
    if (answer.status !== 200) throw new Error(`LoopBack login failed: ${JSON.stringify(answer.json)}`);
    created[email.toLowerCase().split('@')[0]!] = new Date(answer.json.created as string);
    return answer.json.id as string;
  };
  const created: Record<string, Date> = {};
  const ids = {
    taken: await signUp({ email: 'taken@example.com', password: 'taken-pass-1' }),
    alice: await signUp({ email: 'Alice@Example.com', password: PASSWORDS.alice, username: 'alice', realm: 'north' }),
    bob: await signUp({ email: 'bob@example.com', password: PASSWORDS.bob }),
    carol: await signUp({ email: 'carol@example.com', password: PASSWORDS.carol, username: 'carol' }),
    annUpper: await signUp({ email: 'Ann@example.com', password: 'ann-pass-111' }),
    annLower: await signUp({ email: 'ann@example.com', password: 'ann-pass-222' }),
    dave: await signUp({ email: 'dave@example.com', password: PASSWORDS.dave, username: 'dave' }),
  };
  await confirm('Alice@Example.com', ids.alice);
  await confirm('bob@example.com', ids.bob);
  await confirm('dave@example.com', ids.dave);
  const tokens = {
    alice: await login('Alice@Example.com', PASSWORDS.alice, 3600),
    bob: await login('bob@example.com', PASSWORDS.bob),
    expired: await login('dave@example.com', PASSWORDS.dave, 1),
    dave: await login('dave@example.com', PASSWORDS.dave, 7200),
    reset: '',
  };
  const reset = await lb.request('POST', '/api/users/reset', { email: 'bob@example.com' });
  if (reset.status !== 204) throw new Error(`LoopBack reset failed: ${JSON.stringify(reset.json)}`);
  const mail = (await lb.request('GET', '/__oracle/mail?email=bob@example.com')).json as { kind: string; token: string }[];
  tokens.reset = mail.find((m) => m.kind === 'reset')!.token;
  // Let the one-second token run out.
  await new Promise((r) => setTimeout(r, 1100));
  return { ids, tokens, created };
}
