/** The two servers under test: Latchkey's production build and the reference LoopBack 3 app. */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config, DIST_DIR, FLOOR_DIR, FLOOR_DIST_DIR, HOST, NEXT_BIN, ROOT } from './config';
import { onCleanup, portInUse, run, start, waitForServer } from './processes';
import { countProcesses, watchMemory } from './resources';

export type ServerKind = 'latchkey' | 'loopback' | 'floor';

export interface Server {
  /** Short and stable, for the results file: `latchkey-1`, `loopback-pg-2`, `floor`… */
  id: string;
  name: string;
  kind: ServerKind;
  /** The processes asked for (WEB_CONCURRENCY), or null for the server's own default. */
  askedProcesses: number | null;
  /** Processes serving, counted once the server answers (the primary of a cluster included). */
  processes: number;
  base: string;
  process: ChildProcess;
  memory: { peakMb: () => number };
  /** Database server processes working for this server (PostgreSQL backends), to count their CPU. */
  databasePids?: () => Promise<number[]>;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The reference app, with its dependencies: installed once into a temporary copy if need be. */
export async function loopbackApp(logs: string): Promise<string> {
  const source = config.loopbackDir;
  if (!existsSync(path.join(source, 'server.js'))) throw new Error(`no LoopBack reference app at ${source}`);
  if (existsSync(path.join(source, 'node_modules', 'loopback'))) return source;
  const files = ['package.json', 'package-lock.json', 'server.js'].filter((f) => existsSync(path.join(source, f)));
  const key = sha256(files.map((f) => readFileSync(path.join(source, f), 'utf8')).join('\0')).slice(0, 12);
  const copy = path.join(os.tmpdir(), `latchkey-bench-loopback3-${key}`);
  if (existsSync(path.join(copy, 'node_modules', 'loopback'))) return copy;

  // The reference folder is read-only: install into a staging copy, then move it into place
  // whole, so an interrupted install never leaves a half-filled copy that looks usable.
  const staging = `${copy}.staging-${process.pid}`;
  const removeStaging = () => rmSync(staging, { recursive: true, force: true });
  removeStaging();
  const forget = onCleanup('LoopBack staging copy', removeStaging);
  mkdirSync(staging, { recursive: true });
  for (const f of files) cpSync(path.join(source, f), path.join(staging, f));
  console.log(`Installing the LoopBack reference's dependencies into ${copy} (once)…`);
  const npm = files.includes('package-lock.json') ? 'ci' : 'install';
  await run('npm', [npm, '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: staging,
    log: path.join(logs, 'loopback-install.log'),
    timeoutMs: 10 * 60_000,
  });
  try {
    renameSync(staging, copy);
  } catch (error) {
    // Another run finished first; use its copy.
    if (!existsSync(path.join(copy, 'node_modules', 'loopback'))) throw error;
    removeStaging();
  }
  forget();
  return copy;
}

export interface ServerPlan {
  id: string;
  name: string;
  kind: ServerKind;
  askedProcesses: number | null;
  port: number;
  command: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function startServer(plan: ServerPlan, logs: string): Promise<Server> {
  const { id, name, port } = plan;
  if (await portInUse(port)) throw new Error(`port ${port} (${name}) is already in use; set BENCH_PORT to the first of a free range`);
  const log = path.join(logs, `${id}.log`);
  const [cmd, ...args] = plan.command as [string, ...string[]];
  const child = start(cmd, args, { cwd: plan.cwd, env: plan.env, log });
  const base = `http://${HOST}:${port}`;
  const memory = watchMemory(child.pid!);
  await waitForServer(name, child, base, log, 180_000);
  // A cluster forks its workers before it answers; give a late one a moment to appear.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { id, name, kind: plan.kind, askedProcesses: plan.askedProcesses, processes: countProcesses(child.pid!), base, process: child, memory };
}

/** Puts back exactly what `next build` changes in tracked or shared files, and nothing else. */
function protectFromBuild(dir: string, distDir: string): () => void {
  const tsconfig = path.join(dir, 'tsconfig.json');
  const nextEnv = path.join(dir, 'next-env.d.ts');
  const tsconfigBefore = readFileSync(tsconfig, 'utf8');
  const nextEnvBefore = existsSync(nextEnv) ? readFileSync(nextEnv, 'utf8') : undefined;
  return () => {
    if (nextEnvBefore !== undefined && readFileSync(nextEnv, 'utf8') !== nextEnvBefore) writeFileSync(nextEnv, nextEnvBefore);
    const now = readFileSync(tsconfig, 'utf8');
    if (now === tsconfigBefore) return;
    // Next adds the build folder's type folders to `include` (and reformats the file). Undo
    // that only; if anything else changed meanwhile, someone else changed it: leave it.
    try {
      const after = JSON.parse(now) as { include?: string[] };
      after.include = after.include?.filter((entry) => !entry.startsWith(`${distDir}/`));
      if (JSON.stringify(after) === JSON.stringify(JSON.parse(tsconfigBefore))) {
        writeFileSync(tsconfig, tsconfigBefore);
        return;
      }
    } catch {
      // Not plain JSON; fall through to the warning.
    }
    console.warn(`${path.relative(ROOT, tsconfig)} changed during the build in more ways than Next does; left as it is.`);
  };
}

async function nextBuild(what: string, dir: string, distDir: string, logs: string): Promise<void> {
  if (config.skipBuild && existsSync(path.join(dir, distDir, 'BUILD_ID'))) {
    console.log(`Using the existing build of ${what} in ${path.relative(ROOT, path.join(dir, distDir))} (BENCH_SKIP_BUILD=1).`);
    return;
  }
  console.log(`Building ${what} for production into ${path.relative(ROOT, path.join(dir, distDir))}…`);
  const restore = protectFromBuild(dir, distDir);
  const forget = onCleanup(`${path.relative(ROOT, dir) || '.'}/tsconfig.json`, restore);
  try {
    // From the app's own folder: Next resolves next.config.ts's imports from the working directory.
    await run(process.execPath, [NEXT_BIN, 'build'], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' },
      log: path.join(logs, `build-${path.basename(dir)}.log`),
      timeoutMs: 20 * 60_000,
    });
  } finally {
    forget();
    restore();
  }
}

/** Latchkey, then (unless left out) the floor: one route handler built with Latchkey's own next.config.ts. */
export async function build(logs: string, { floor = true } = {}): Promise<void> {
  await nextBuild('Latchkey', ROOT, DIST_DIR, logs);
  if (floor) await nextBuild('the Next.js floor', FLOOR_DIR, FLOOR_DIST_DIR, logs);
}
