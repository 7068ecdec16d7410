import { describe, expect, it } from '@jest/globals';
import { Throttle } from './throttle.js';

describe('throttle', () => {
  it('turns a burst of requests into one run', async () => {
    let runs = 0;
    const t = new Throttle(
      async () => void runs++,
      100,
      () => undefined,
    );
    for (let i = 0; i < 50; i++) t.request();
    await t.flush();
    expect(runs).toBe(1);
    t.stop();
  });

  it('runs once more for requests made while running, so the last state is always sent', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const t = new Throttle(
      async () => {
        runs++;
        if (runs === 1) await gate;
      },
      100,
      () => undefined,
    );
    t.request();
    while (runs === 0) await new Promise((r) => setTimeout(r, 1));
    t.request();
    t.request();
    release();
    await t.flush();
    expect(runs).toBe(2);
    t.stop();
  });

  it('reports a failed run and keeps going', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const t = new Throttle(
      async () => {
        runs++;
        throw new Error('redis down');
      },
      0,
      (e) => errors.push(e),
    );
    t.request();
    await t.flush();
    t.request();
    await t.flush();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(2);
    t.stop();
  });
});
