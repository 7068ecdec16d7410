import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@roottrading/logger';
import { analyzerLag, dueAt, Pacer, rebasedBaseline, type PacerOptions } from './pacer.js';

function capture() {
  const lines: { msg: string }[] = [];
  const logger = createLogger('gateway', 'info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function pacer(counter: { value: number }, opts: Partial<PacerOptions> = {}) {
  const { logger, lines } = capture();
  const p = new Pacer({
    speed: 'max',
    maxLag: 3,
    stallMs: 60_000,
    readProgress: async () => counter.value,
    logger,
    pollMs: 1,
    retryMs: 1,
    ...opts,
  });
  return { p, lines };
}

describe('pacer arithmetic', () => {
  it('lag = delivered − (counter − baseline)', () => {
    expect(analyzerLag(10, 107, 100)).toBe(3);
    expect(analyzerLag(10, 110, 100)).toBe(0);
    expect(analyzerLag(0, 5, 5)).toBe(0);
  });

  it('a rebase makes the lag zero', () => {
    expect(analyzerLag(40, 1_000, rebasedBaseline(40, 1_000))).toBe(0);
  });

  it('schedules candles at speed × real time from the first one', () => {
    expect(dueAt(60_000, 0, 1_000, 1)).toBe(61_000);
    expect(dueAt(60_000, 0, 1_000, 60)).toBe(2_000);
    expect(dueAt(120_000, 0, 1_000, 60)).toBe(3_000);
  });
});

describe('pacer at max speed', () => {
  it('never has more than MAX_LAG candles outstanding, and delivers every one', async () => {
    const counter = { value: 1_000 };
    const { p } = pacer(counter);
    let sent = 0;
    let maxOutstanding = 0;
    const consumer = setInterval(() => {
      if (counter.value - 1_000 < sent) counter.value++;
    }, 1);
    for (let i = 0; i < 30; i++) {
      await p.publish(i, 'c', async () => {
        sent++;
        maxOutstanding = Math.max(maxOutstanding, sent - (counter.value - 1_000));
        return 1;
      });
    }
    clearInterval(consumer);
    expect(sent).toBe(30);
    expect(p.delivered).toBe(30);
    expect(maxOutstanding).toBeLessThanOrEqual(3);
  });

  it('holds candles published together (one open time of many symbols) to MAX_LAG as well', async () => {
    const counter = { value: 0 };
    const { p } = pacer(counter);
    let sent = 0;
    const batch = Array.from({ length: 8 }, (_, i) =>
      p.publish(0, `c${i}`, async () => {
        sent++;
        return 1;
      }),
    );
    await new Promise((r) => setTimeout(r, 30));
    // Nothing was handled yet: only MAX_LAG of the eight may have gone out.
    expect(sent).toBe(3);
    counter.value = 5;
    await Promise.all(batch);
    expect([sent, p.delivered]).toEqual([8, 8]);
  });

  it('publishes a candle nobody received again instead of counting it', async () => {
    const { p, lines } = pacer({ value: 0 });
    const receivers = [0, 0, 0, 1];
    let calls = 0;
    await p.publish(0, 'market:data:BTCUSDC', async () => receivers[calls++]!);
    expect(calls).toBe(4);
    expect(p.delivered).toBe(1);
    expect(p.published).toBe(1);
    expect(lines.filter((l) => l.msg.startsWith('no subscriber yet'))).toHaveLength(1);
  });

  it('rebases when the counter stalls with candles outstanding', async () => {
    const { p, lines } = pacer({ value: 0 }, { stallMs: 20 });
    for (let i = 0; i < 10; i++) await p.publish(i, 'c', async () => 1);
    expect(p.delivered).toBe(10);
    expect(lines.some((l) => l.msg.startsWith('pipeline progress has not moved'))).toBe(true);
  });

  it('rebases when the counter goes back (reset)', async () => {
    const counter = { value: 500 };
    const { p, lines } = pacer(counter);
    for (let i = 0; i < 3; i++) await p.publish(i, 'c', async () => 1);
    counter.value = 0;
    await p.publish(3, 'c', async () => 1);
    // Only the candle published after the reset is outstanding.
    expect(await p.lag()).toBe(1);
    expect(lines.some((l) => l.msg.includes('counter went back'))).toBe(true);
  });

  it('gives up a wait when stopped', async () => {
    const { p } = pacer({ value: 0 });
    const waiting = p.publish(0, 'c', async () => 0);
    p.stop();
    expect(await waiting).toBe(false);
    expect(p.published).toBe(0);
  });
});

describe('pacer at a numeric speed', () => {
  it('counts a candle nobody received as published, not delivered, and goes on', async () => {
    const { p } = pacer({ value: 0 }, { speed: 1_000_000 });
    let calls = 0;
    expect(await p.publish(0, 'c', async () => (calls++, 0))).toBe(true);
    expect(calls).toBe(1);
    expect(p.published).toBe(1);
    expect(p.delivered).toBe(0);
  });
});
