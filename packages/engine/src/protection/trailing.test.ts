import { describe, expect, it } from '@jest/globals';
import { dec, toPlain } from '@roottrading/accounting';
import { advanceTrail, rebuildTrail, startTrail, type TrailState } from './trailing.js';

const TICK = dec('0.01');
const spec = { type: 'percent' as const, value: dec('0.02'), activation: dec('0.01') };
const view = (t: TrailState) => ({ high: toPlain(t.high), stop: t.stop && toPlain(t.stop) });

describe('rebuildTrail', () => {
  it('waits for the activation gain, then follows the highest high, only upwards', () => {
    const highs = ['100.5', '102', '101', '105', '104'].map(dec);
    // 1 % over 100 activates at 101: the trail starts at 102 × 0.98 = 99.96 and ends at 105 × 0.98 = 102.9.
    expect(view(rebuildTrail(spec, dec(100), dec(100), highs, TICK))).toEqual({ high: '105', stop: '102.9' });
    expect(view(rebuildTrail(spec, dec(100), dec(100), [dec('100.5')], TICK))).toEqual({ high: '100.5', stop: null });
  });

  it('gives exactly the trail the candles moved one at a time', () => {
    const highs = ['101', '99', '103.37', '103.36', '110.01'].map(dec);
    let live = startTrail(spec, dec(100), dec('100.2'), TICK);
    for (const h of highs) live = advanceTrail(spec, dec(100), live, h, TICK) ?? live;
    expect(view(rebuildTrail(spec, dec(100), dec('100.2'), highs, TICK))).toEqual(view(live));
  });

  it('moves only on a new high: an equal or lower high changes nothing', () => {
    const t = startTrail(spec, dec(100), dec(105), TICK);
    expect(view(t)).toEqual({ high: '105', stop: '102.9' });
    expect(advanceTrail(spec, dec(100), t, dec(105), TICK)).toBeNull();
    expect(advanceTrail(spec, dec(100), t, dec('104.99'), TICK)).toBeNull();
    expect(view(advanceTrail(spec, dec(100), t, dec('105.01'), TICK)!)).toEqual({ high: '105.01', stop: '102.9' });
  });
});
