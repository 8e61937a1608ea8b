/**
 * Everything the bench starts, and how it is undone: child processes in their own process groups,
 * and a list of clean-ups run last-first, once, on success, failure or interruption.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { HOST, ROOT } from './config';

// Clean-up: every resource registers how to undo itself; undone last-first, once.

const cleanups: { name: string; run: () => void | Promise<void> }[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | undefined;

export function onCleanup(name: string, run: () => void | Promise<void>): () => void {
  const entry = { name, run };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let entry = cleanups.pop(); entry; entry = cleanups.pop()) {
      try {
        await entry.run();
      } catch (error) {
        console.error(`clean-up of ${entry.name} failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

// Last resort if the process ends without the async clean-up (an uncaught error): no orphans.
process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the bench started…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// Processes: each in its own process group, so stopping one stops whatever it spawned, and
// nothing else.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stop(child: ChildProcess): Promise<void> {
  killGroup(child, 'SIGTERM');
  const done = exited(child);
  if (await Promise.race([done.then(() => true), sleep(8000).then(() => false)])) return;
  killGroup(child, 'SIGKILL');
  await Promise.race([done, sleep(3000)]);
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where stdout and stderr go; by default they are captured. */
  log?: string;
}

export function start(command: string, args: string[], options: StartOptions = {}): ChildProcess & { output: () => string } {
  const fd = options.log ? openSync(options.log, 'a') : undefined;
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  if (fd !== undefined) closeSync(fd);
  let captured = '';
  child.stdout?.on('data', (chunk: Buffer) => (captured += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  children.add(child);
  const forget = onCleanup(`${path.basename(command)} ${args[0] ?? ''}`, () => stop(child));
  child.once('exit', () => {
    children.delete(child);
    forget();
  });
  return Object.assign(child, { output: () => captured });
}

/** Runs a command to completion within `timeoutMs`; throws on failure, with the log's tail. */
export async function run(command: string, args: string[], options: StartOptions & { timeoutMs: number }): Promise<string> {
  const child = start(command, args, options);
  const finished = exited(child).then(() => true);
  if (!(await Promise.race([finished, sleep(options.timeoutMs).then(() => false)]))) {
    await stop(child);
    throw new Error(`${command} ${args.join(' ')} took longer than ${options.timeoutMs / 1000} s`);
  }
  if (child.exitCode !== 0) {
    const tail = options.log ? readFileSync(options.log, 'utf8').split('\n').slice(-30).join('\n') : '';
    throw new Error(`${command} ${args.join(' ')} failed (exit ${child.exitCode ?? child.signalCode})\n${tail}`);
  }
  return child.output();
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until the server answers any HTTP response; fails early if it exits. */
export async function waitForServer(name: string, child: ChildProcess, base: string, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const response = await fetch(`${base}/api/users/me`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return;
    } catch {
      await sleep(250);
    }
  }
  const tail = readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`${name} did not start on ${base}\n${tail}`);
}
