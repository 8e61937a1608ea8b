import { describe, expect, it } from 'vitest';
import { afterResponse, finishAfterResponseWork } from './after-response';

/** A task that runs until `release` is called. */
function heldTask() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let finished = false;
  const task = async () => {
    await held;
    finished = true;
  };
  return { task, release, finished: () => finished };
}

describe('finishAfterResponseWork', () => {
  it('returns at once, saying nothing, when nothing is running', async () => {
    const lines: string[] = [];
    await finishAfterResponseWork(1000, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it('waits for the work handed to afterResponse that has not finished, and says how much', async () => {
    const first = heldTask();
    const second = heldTask();
    afterResponse(first.task);
    afterResponse(second.task);
    const lines: string[] = [];
    let done = false;
    const finishing = finishAfterResponseWork(10_000, (line) => lines.push(line)).then(() => (done = true));
    first.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    second.release();
    await finishing;
    expect(first.finished() && second.finished()).toBe(true);
    expect(lines).toEqual(['[latchkey] shutdown: finishing 2 task(s) begun by answered requests']);
    // Finished work is forgotten.
    await finishAfterResponseWork(1000, (line) => lines.push(line));
    expect(lines).toHaveLength(1);
  });

  it('counts a task that failed as finished', async () => {
    afterResponse(() => Promise.reject(new Error('refused')).catch(() => undefined));
    afterResponse(async () => {
      throw new Error('unguarded');
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const lines: string[] = [];
    await finishAfterResponseWork(1000, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it('stops waiting after the bound, saying what is left', async () => {
    const stuck = heldTask();
    afterResponse(stuck.task);
    const lines: string[] = [];
    const started = Date.now();
    await finishAfterResponseWork(100, (line) => lines.push(line));
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(lines[1]).toBe('[latchkey] shutdown: 1 task(s) begun by answered requests still running after 0.1 s; stopping anyway');
    stuck.release();
  });
});
