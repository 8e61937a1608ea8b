/**
 * What a process must finish before it exits. Modules that hold something open (the mail sender,
 * the sweeper, the hash pool, the database) register a hook here; on SIGTERM server.mjs first stops
 * accepting and drains in-flight requests, then runs every hook by stage (lower first, hooks of one
 * stage together) and exits.
 *
 * Kept on globalThis under a registered symbol: Next.js may load this module once per bundle, and
 * server.mjs (plain JavaScript, which cannot import it) reads the same registry by that symbol.
 */

export type ShutdownHook = () => Promise<void>;

/** Stages, in the order they run: work first, then what work needs, then the database. */
export const SHUTDOWN_STAGE = {
  /** Stop taking new background work and finish what is held (the mail sender's message). */
  work: 10,
  /** Timers and pools that work may still need until the stage before has ended. */
  resources: 20,
  /** Last: everything above may still write. */
  database: 30,
} as const;

interface Registered {
  stage: number;
  run: ShutdownHook;
}

interface Registry {
  hooks: Map<string, Registered>;
  /** What server.mjs calls; the first copy of this module to load provides it. */
  run: typeof runShutdownHooks;
}

const slot = Symbol.for('latchkey.shutdown');
type Holder = { [slot]?: Registry };

function registry(): Map<string, Registered> {
  const holder = globalThis as Holder;
  holder[slot] ??= { hooks: new Map(), run: runShutdownHooks };
  return holder[slot].hooks;
}

/** Registers (or replaces, by name) what to finish before exit. */
export function onShutdown(name: string, stage: number, run: ShutdownHook): void {
  registry().set(name, { stage, run });
}

/**
 * Runs every hook once, stage by stage; a hook that fails is logged and does not stop the others.
 * server.mjs reaches it through the symbol; tests call it directly.
 */
export async function runShutdownHooks(log: (line: string) => void = console.error): Promise<void> {
  const hooks = [...registry()];
  registry().clear();
  const stages = [...new Set(hooks.map(([, hook]) => hook.stage))].sort((a, b) => a - b);
  for (const stage of stages) {
    await Promise.all(
      hooks
        .filter(([, hook]) => hook.stage === stage)
        .map(async ([name, hook]) => {
          try {
            await hook.run();
          } catch (error) {
            log(`[latchkey] shutdown: ${name} failed: ${error instanceof Error ? error.name : 'Error'}`);
          }
        }),
    );
  }
}
