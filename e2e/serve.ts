/**
 * The web server of a journey run, started by Playwright (playwright.config.ts, `webServer`):
 * a real SMTP server catching mail into a folder, a production build of the app in .next-e2e, and
 * two production servers of that build, each on a fresh database of its own: the default settings
 * on port 3300, and the strict ones (confirmed addresses, realms) on port 3301. The strict one is
 * started and answering before the default one starts, so when Playwright sees 3300 up, both are.
 * The default one also signs in through a test OpenID Provider ("Test ID") and a GitHub double.
 * On SIGTERM (Playwright's shutdown) it stops both and removes the databases, the mail and the
 * scratch folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, maintenanceUrl } from '../test/databases';
import { startFakeGithub } from '../test/fake-github';
import { startTestProvider } from '../test/oidc-provider';
import { startSmtpSink } from '../test/smtp-sink';
import { BASE_URL, databaseName, E2E_PORT, mailDir, runDir, STRICT_BASE_URL, STRICT_PORT, STRICT_SETTINGS } from './support/run';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST_DIR = '.next-e2e';

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

type Env = Record<string, string | undefined>;

function run(command: string, args: string[], env: Env): ChildProcess {
  // Next's types make NODE_ENV required; the build must not get one (Next sets its own).
  return spawn(command, args, { cwd: root, env: env as NodeJS.ProcessEnv, stdio: 'inherit' });
}

function finished(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Polls `url` until the server answers (any status), or gives up. */
async function answering(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server for ${url} exited (code ${child.exitCode})`);
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const scratch = runDir();
  mkdirSync(scratch, { recursive: true });
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(scratch, { recursive: true, force: true })];
  const apps: ChildProcess[] = [];
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      apps.map(async (app) => {
        if (app.exitCode !== null) return;
        app.kill('SIGTERM');
        await Promise.race([finished(app), new Promise((r) => setTimeout(r, 10_000))]);
        if (app.exitCode === null) app.kill('SIGKILL');
      }),
    );
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`[e2e] cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    process.exit(code);
  };
  // `on`, not `once`: the signal arrives from Playwright (to the whole process group) and again
  // from the npx/tsx wrappers that relay it; a second one must not kill the cleanup halfway.
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));

  /** A fresh database for one server: PostgreSQL when DATABASE_URL is set, PGlite otherwise. */
  const freshDatabase = async (suffix: string): Promise<Env> => {
    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      const name = databaseName(suffix);
      const database = await createDatabase(maintenanceUrl(databaseUrl), name);
      cleanups.push(database.cleanup);
      log(`PostgreSQL database ${name}`);
      return { DATABASE_URL: database.url };
    }
    const dir = path.join(scratch, `pglite${suffix}`);
    log(`PGlite in ${dir}`);
    return { PGLITE_DIR: dir };
  };

  try {
    const sink = await startSmtpSink({ dir: mailDir() });
    cleanups.push(() => sink.close());
    log(`SMTP sink on ${sink.url}, mail in ${mailDir()}`);

    // Sign-in providers for the default server: a real OpenID Provider and a GitHub double, on
    // loopback ports of their own. The settings are read when the server starts, not at build.
    const provider = await startTestProvider({ redirectUris: [`${BASE_URL}/auth/test/callback`] });
    cleanups.push(() => provider.close());
    const github = await startFakeGithub();
    cleanups.push(() => github.close());
    log(`OpenID Provider on ${provider.issuer}, GitHub double on ${github.baseUrl}`);
    const providers: Env = {
      OIDC_PROVIDERS: 'test',
      OIDC_TEST_ISSUER: provider.issuer,
      OIDC_TEST_CLIENT_ID: provider.clientId,
      OIDC_TEST_CLIENT_SECRET: provider.clientSecret,
      OIDC_TEST_NAME: 'Test ID',
      GITHUB_CLIENT_ID: github.clientId,
      GITHUB_CLIENT_SECRET: github.clientSecret,
      GITHUB_BASE_URL: github.baseUrl,
    };

    const database = await freshDatabase('');
    const strictDatabase = await freshDatabase('_strict');

    const base: Env = { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' };
    delete base.NODE_ENV;
    delete base.SESSION_SECRET;
    delete base.DATABASE_URL;

    if (process.env.E2E_SKIP_BUILD !== '1') {
      log(`building into ${DIST_DIR} (no SESSION_SECRET: a build must not need one)`);
      const code = await finished(run(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], base));
      if (code !== 0) throw new Error(`next build failed (exit ${code})`);
    }

    const start = (port: number, appUrl: string, extra: Env, outbox: string): ChildProcess => {
      const app = run(process.execPath, ['server.mjs'], {
        ...base,
        ...extra,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_URL: appUrl,
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        SMTP_URL: sink.url,
        OUTBOX_DIR: path.join(scratch, outbox),
        // Every request of the run comes from one address; the journeys are not about throttling.
        THROTTLE_MULTIPLIER: '100',
        // One process each: the journeys are about the app, and two servers of several processes
        // would crowd a two-core runner. e2e/processes.spec.ts and instances.spec.ts test processes.
        WEB_CONCURRENCY: '1',
      });
      apps.push(app);
      void finished(app).then((code) => {
        if (!stopping) {
          console.error(`[e2e] the app on port ${port} exited early (code ${code})`);
          void stop(1);
        }
      });
      return app;
    };

    const strict = start(STRICT_PORT, STRICT_BASE_URL, { ...strictDatabase, ...STRICT_SETTINGS }, 'outbox-strict');
    await answering(`${STRICT_BASE_URL}/login`, strict);
    log(`strict settings (${Object.keys(STRICT_SETTINGS).join(', ')}) on ${STRICT_BASE_URL}`);
    // The explorer is off in production unless asked for: on here, left at its default on the strict server.
    start(E2E_PORT, BASE_URL, { ...database, ...providers, API_EXPLORER: 'true' }, 'outbox');
  } catch (error) {
    console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

void main();
