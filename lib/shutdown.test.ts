import { describe, expect, it } from 'vitest';
import { onShutdown, runShutdownHooks, SHUTDOWN_STAGE } from './shutdown';

describe('shutdown hooks', () => {
  it('run stage by stage, once each, and one that fails does not stop the others', async () => {
    const order: string[] = [];
    const logged: string[] = [];
    onShutdown('database', SHUTDOWN_STAGE.database, async () => void order.push('database'));
    onShutdown('pool', SHUTDOWN_STAGE.resources, async () => {
      order.push('pool');
      throw new Error('secret detail');
    });
    onShutdown('sender', SHUTDOWN_STAGE.work, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('sender');
    });
    await runShutdownHooks((line) => logged.push(line));
    expect(order).toEqual(['sender', 'pool', 'database']);
    expect(logged).toEqual(['[latchkey] shutdown: pool failed: Error']);
    await runShutdownHooks();
    expect(order).toHaveLength(3);
  });

  it('are reachable by the symbol server.mjs reads', async () => {
    let ran = false;
    onShutdown('probe', SHUTDOWN_STAGE.work, async () => void (ran = true));
    const registry = (globalThis as Record<symbol, { run: () => Promise<void> } | undefined>)[Symbol.for('latchkey.shutdown')];
    await registry?.run();
    expect(ran).toBe(true);
  });
});
