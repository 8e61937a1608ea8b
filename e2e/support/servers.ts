import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_PORT } from './run';

/**
 * Production servers a spec starts for itself, from the journeys' own build (.next-e2e, made by
 * e2e/serve.ts before any spec runs): `node server.mjs` exactly as `npm start` runs it, so a spec
 * can watch its processes, signal them and run several against one database.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Ports above the journeys' two (E2E_PORT and the strict server's), one per spec server. */
export const SPEC_PORTS = {
  instanceA: E2E_PORT + 10,
  instanceB: E2E_PORT + 11,
  cluster: E2E_PORT + 12,
  shutdown: E2E_PORT + 13,
  pglite: E2E_PORT + 14,
  /** This one and the next: servers that are expected not to start. */
  failing: E2E_PORT + 15,
  /** e2e/database-outage.spec.ts's server. */
  outage: E2E_PORT + 17,
  /** e2e/mail-survives-restart.spec.ts's server. */
  restart: E2E_PORT + 18,
  /** e2e/processes.spec.ts's server stopped while a reset runs after its response. */
  afterResponse: E2E_PORT + 19,
} as const;

/**
 * A port nothing listens on now, picked by the system: for a server a journey starts later, such as
 * an SMTP server that is down at first. A fixed offset could land on another service's port.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface SpecServer {
  url: string;
  port: number;
  /** The process `node server.mjs` started: the primary when it serves with several. */
  pid: number;
  /** What it has printed so far (stdout and stderr). */
  output: () => string;
  /** Waits until `pattern` has been printed `count` times. */
  printed: (pattern: RegExp, count?: number, timeoutMs?: number) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its exit code once it has exited, null while it runs. */
  exitCode: () => number | null;
  /** SIGTERM, then SIGKILL if it has not exited within 30 s; removes its scratch folder. */
  stop: () => Promise<void>;
}

/**
 * Starts `node server.mjs` on `port` with the production settings a deployment would have, and
 * waits until it answers. `settings` adds to or overrides them; without DATABASE_URL it runs on a
 * PGlite of its own.
 */
export async function startSpecServer(port: number, settings: Record<string, string> = {}): Promise<SpecServer> {
  const server = spawnSpecServer(port, settings);
  try {
    await server.printed(/production server on /);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** As startSpecServer, without waiting for it to answer (for one that is expected not to). */
export function spawnSpecServer(port: number, settings: Record<string, string> = {}): SpecServer {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'latchkey-spec-'));
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['NODE_ENV', 'SESSION_SECRET', 'DATABASE_URL', 'WEB_CONCURRENCY', 'HASH_THREADS']) delete env[name];
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: root,
    env: {
      ...env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: '.next-e2e',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      PGLITE_DIR: path.join(scratch, 'pglite'),
      OUTBOX_DIR: path.join(scratch, 'outbox'),
      ...settings,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const printed = async (pattern: RegExp, count = 1, timeoutMs = 120_000) => {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    const deadline = Date.now() + timeoutMs;
    while ([...output.matchAll(global)].length < count) {
      if (gone) throw new Error(`the server on ${port} exited before printing ${pattern}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the server on ${port} did not print ${pattern} ${count}× within ${timeoutMs / 1000} s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const stop = async () => {
    if (!gone) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(scratch, { recursive: true, force: true });
  };

  return { url, port, pid: child.pid!, output: () => output, printed, exited, exitCode: () => child.exitCode, stop };
}

/** Until `check` holds, or fails after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The processes whose parent is `pid` (Linux: from /proc). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (command) state ppid …": the command may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(name));
    } catch {
      // The process ended while the list was read.
    }
  }
  return children.sort((a, b) => a - b);
}

/** A process's environment as it was started (Linux: /proc/<pid>/environ; same user only). */
export function startingEnvironment(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

/**
 * Which of `pids` holds the server's end of the TCP connection between `serverPort` and the client's
 * `clientPort` (Linux: the socket's inode in /proc/net/tcp, among each process's open files).
 */
export function connectionOwner(pids: number[], serverPort: number, clientPort: number): number | undefined {
  const port = (address: string) => Number.parseInt(address.split(':')[1] ?? '', 16);
  const inode = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields.length > 9 && port(fields[1]!) === serverPort && port(fields[2]!) === clientPort)?.[9];
  if (!inode || inode === '0') return undefined;
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return pid;
      } catch {
        // Closed while the list was read.
      }
    }
  }
  return undefined;
}
