import { describe, expect, it } from '@jest/globals';
import { noView, paramsOf } from '../test-support/candles.js';
import { volumeSpikeStrategy } from './volume-spike.js';

const small = (env: Record<string, string> = {}) =>
  volumeSpikeStrategy.create(
    paramsOf(volumeSpikeStrategy, {
      VOLUME_SPIKE_WINDOW: '3',
      VOLUME_SPIKE_FACTOR: '2',
      VOLUME_SPIKE_BREAKOUT: '3',
      VOLUME_SPIKE_EXIT: '2',
      VOLUME_SPIKE_TIMEFRAME: '1m',
      ...env,
    }),
  );
/** Bars with the given closes (high and low on the close) and volumes. */
const run = (closes: number[], volumes: number[], machine = small()) =>
  closes.map((close, i) =>
    machine.update({ startTime: i, open: close, high: close, low: close, close, volume: volumes[i]! }, noView),
  );
/** Three quiet bars (high 10, mean volume 2), then one bar: its decision. */
const after = (close: number, volume: number) => run([10, 9, 10, close], [1, 2, 3, volume]).at(-1);

describe('Volume_Spike', () => {
  it('reads its windows, factor, exit EMA and timeframe with defaults 20, 3, 20, 10, 0 and 5m', () => {
    expect(paramsOf(volumeSpikeStrategy)).toEqual({
      window: 20,
      factor: 3,
      breakout: 20,
      exit: 10,
      exitEma: 0,
      timeframe: '5m',
    });
  });

  it('BUYs on a breakout with volume over k × the prior mean, and SELLs under the prior exit low', () => {
    // idx3: 11 > max(10, 9, 10) with volume 7 > 2 × mean(1, 2, 3) = 4 → BUY.
    // idx4: 12, a new high with volume 9 > 2 × 4 — but it holds already. idx6: 9 < min(12, 11) → SELL.
    const got = run([10, 9, 10, 11, 12, 11, 9], [1, 2, 3, 7, 9, 1, 1]);
    expect(got).toEqual([null, null, null, 'BUY', null, null, 'SELL']);
  });

  it('needs both: a breakout on ordinary volume, or a spike inside the range, is no BUY', () => {
    expect(after(11, 4.01)).toBe('BUY');
    // Volume 4 is 2 × the mean, not over it.
    expect(after(11, 4)).toBeNull();
    // Volume 7.9 > 4, but 10 is no close over the prior high of 10.
    expect(after(10, 7.9)).toBeNull();
  });

  it('exits under the EMA of closes when VOLUME_SPIKE_EXIT_EMA is set', () => {
    // EMA(2) seeds at 9.5 (idx1): 9.83, 10.61, 11.54, 11.18 — the close 11 at idx5 is under 11.18.
    const machine = small({ VOLUME_SPIKE_EXIT_EMA: '2' });
    expect(run([10, 9, 10, 11, 12, 11], [1, 2, 3, 7, 9, 1], machine)).toEqual([null, null, null, 'BUY', null, 'SELL']);
  });

  it('is silent during warm-up, on zero volume, and on a flat run', () => {
    expect(run([10, 9, 12], [1, 2, 30])).toEqual([null, null, null]);
    // A mean volume of 0: any volume is "over" 0 × k, but that is no spike.
    expect(run([10, 9, 10, 11], [0, 0, 0, 5]).at(-1)).toBeNull();
    const machine = small();
    const flat = Array<number>(200).fill(0.3);
    expect(run(flat, Array<number>(200).fill(2), machine).every((d) => d === null)).toBe(true);
    expect(machine.metadata()).toMatchObject({ meanVolume: 2, upper: 0.3, lower: 0.3 });
  });
});
