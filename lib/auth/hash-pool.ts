import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { env } from '@/lib/env';
import { HASH_WORKER_SOURCE } from './hash-worker';

/**
 * bcrypt on a pool of worker threads, one check per worker at a time, the rest in a bounded FIFO
 * queue. Why, and how workers start, die and hold the process: docs/decisions/006.
 */

type HashTask = { op: 'hash'; password: string; cost: number } | { op: 'compare'; password: string; hash: string };

type Reply = { id: number; ok: true; value: string | boolean } | { id: number; ok: false; message: string };

interface Pending {
  id: number;
  message: HashTask;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Pending | undefined;
  completed: number;
}

/** A task failed for a reason other than its input: a worker died, or the pool was closed. */
export class HashPoolError extends Error {
  override name = 'HashPoolError';
}

/** The queue is full: the caller should answer 503 with Retry-After rather than wait. */
export class HashPoolBusyError extends HashPoolError {
  override name = 'HashPoolBusyError';
}

export interface HashPoolOptions {
  /** Tasks that may wait for a worker; more fail with HashPoolBusyError. Unbounded when absent. */
  queueLimit?: number;
  /** Number of worker threads; defaults to the cores this process may use. */
  size?: number;
  /** The worker's code; tests swap in a variant that can be made to crash. */
  source?: string;
}

export interface HashPoolStats {
  size: number;
  /** Workers alive now. */
  workers: number;
  /** Workers running a task now. */
  busy: number;
  /** Tasks waiting for a worker. */
  queued: number;
  /** Per live worker: its thread id and how many tasks it has finished. */
  threads: { threadId: number; completed: number }[];
  /** Tasks finished since the pool started, by operation (workers that died included). */
  completed: { hash: number; compare: number };
  /** Tasks turned away because the queue was full. */
  refused: number;
}

export class HashPool {
  readonly size: number;
  readonly queueLimit: number;
  readonly #source: string;
  readonly #completed = { hash: 0, compare: 0 };
  #refused = 0;
  readonly #slots = new Set<Slot>();
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: HashPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.#source = options.source ?? HASH_WORKER_SOURCE;
    this.queueLimit = options.queueLimit ?? Number.POSITIVE_INFINITY;
  }

  hash(password: string, cost: number): Promise<string> {
    return this.#run({ op: 'hash', password, cost }) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.#run({ op: 'compare', password, hash }) as Promise<boolean>;
  }

  stats(): HashPoolStats {
    const slots = [...this.#slots];
    return {
      size: this.size,
      workers: slots.length,
      busy: slots.filter((s) => s.task).length,
      queued: this.#queue.length,
      threads: slots.map((s) => ({ threadId: s.worker.threadId, completed: s.completed })),
      completed: { ...this.#completed },
      refused: this.#refused,
    };
  }

  /** Stops every worker. Queued and running tasks fail with a HashPoolError; later calls too. */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = new HashPoolError('password hashing pool is closed');
    for (const task of this.#queue.splice(0)) task.reject(closed);
    const slots = [...this.#slots];
    this.#slots.clear();
    for (const slot of slots) {
      slot.task?.reject(closed);
      slot.task = undefined;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #run(message: HashTask): Promise<string | boolean> {
    if (this.#closed) return Promise.reject(new HashPoolError('password hashing pool is closed'));
    return new Promise((resolve, reject) => {
      const task: Pending = { id: this.#nextId++, message, resolve, reject };
      const idle = [...this.#slots].find((slot) => !slot.task);
      if (idle) this.#assign(idle, task);
      else if (this.#slots.size < this.size) this.#assign(this.#spawn(), task);
      else if (this.#queue.length < this.queueLimit) this.#queue.push(task);
      else {
        this.#refused += 1;
        reject(new HashPoolBusyError('password hashing queue is full'));
      }
    });
  }

  #spawn(): Slot {
    const worker = new Worker(this.#source, {
      eval: true,
      name: 'latchkey-bcrypt',
      workerData: { root: process.cwd() },
      // Start clean: not with the loaders or inspector flags of whatever launched the server.
      execArgv: [],
      // The worker reads nothing from the environment; do not hand it a copy of the secrets.
      env: {},
    });
    const slot: Slot = { worker, task: undefined, completed: 0 };
    worker.on('message', (reply: Reply) => this.#settle(slot, reply));
    worker.on('messageerror', () => this.#retire(slot, new HashPoolError('password hashing worker sent an unreadable reply')));
    worker.on('error', (error) => this.#retire(slot, new HashPoolError(`password hashing worker crashed: ${error.message}`)));
    worker.on('exit', (code) => this.#retire(slot, new HashPoolError(`password hashing worker exited with code ${code}`)));
    this.#slots.add(slot);
    return slot;
  }

  #assign(slot: Slot, task: Pending): void {
    slot.task = task;
    // Held open only while busy: an idle pool never keeps the process alive.
    slot.worker.ref();
    slot.worker.postMessage({ id: task.id, ...task.message });
  }

  #settle(slot: Slot, reply: Reply): void {
    const task = slot.task;
    if (!task || reply.id !== task.id) return;
    slot.task = undefined;
    slot.completed += 1;
    this.#completed[task.message.op] += 1;
    if (reply.ok) task.resolve(reply.value);
    else task.reject(new Error(reply.message));
    const next = this.#queue.shift();
    if (next) this.#assign(slot, next);
    else slot.worker.unref();
  }

  /** A worker is gone or unusable: fail its task alone, and give queued work a fresh worker. */
  #retire(slot: Slot, error: HashPoolError): void {
    if (!this.#slots.delete(slot)) return; // 'error' is followed by 'exit'; handle the first.
    const task = slot.task;
    slot.task = undefined;
    task?.reject(error);
    void slot.worker.terminate();
    // Each fresh worker starts with a task, so a worker that cannot even start fails one task at
    // a time instead of respawning in a loop.
    const next = this.#closed ? undefined : this.#queue.shift();
    if (next) this.#assign(this.#spawn(), next);
  }
}

// On globalThis so that module reloading in `next dev` reuses the workers instead of leaking them.
const globalForPool = globalThis as unknown as { latchkeyHashPool?: HashPool };

/** The process's pool, created on first use. */
export function getHashPool(): HashPool {
  globalForPool.latchkeyHashPool ??= new HashPool({ queueLimit: env.HASH_QUEUE_LIMIT, size: env.HASH_THREADS });
  return globalForPool.latchkeyHashPool;
}

/** Closes the process's pool (scripts and tests); the next use starts a new one. */
export async function closeHashPool(): Promise<void> {
  const pool = globalForPool.latchkeyHashPool;
  globalForPool.latchkeyHashPool = undefined;
  await pool?.close();
}
