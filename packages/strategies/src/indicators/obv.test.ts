import { describe, expect, it } from '@jest/globals';
import { OnBalanceVolume } from './obv.js';

describe('OnBalanceVolume', () => {
  it('starts at the first volume, then adds it on a higher close and subtracts it on a lower one', () => {
    const obv = new OnBalanceVolume();
    const bars = [
      { close: 10, volume: 5 },
      { close: 11, volume: 3 }, // +3
      { close: 10.5, volume: 4 }, // −4
      { close: 10.5, volume: 9 }, // unchanged close: nothing
      { close: 12, volume: 0 }, // no volume: nothing either
    ];
    expect(bars.map((b) => obv.update(b))).toEqual([5, 8, 4, 4, 4]);
  });

  it('stays put over a flat run, whatever the volume', () => {
    const obv = new OnBalanceVolume();
    obv.update({ close: 0.3, volume: 0.1 });
    const values = Array.from({ length: 100 }, () => obv.update({ close: 0.3, volume: 0.7 }));
    expect(values.every((v) => v === 0.1)).toBe(true);
  });
});
