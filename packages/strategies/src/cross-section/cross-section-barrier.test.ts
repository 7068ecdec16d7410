import { describe, expect, it } from '@jest/globals';
import { T0 } from '../test-support/candles.js';
import { flatBar } from '../test-support/cross-sections.js';
import { CrossSectionBarrier, type ReadySection } from './cross-section-barrier.js';

const MINUTE = 60_000;
const member = (symbol: string, minute: number) => ({
  symbol,
  bar: flatBar(T0 + minute * MINUTE, 1),
  entry: `${symbol}@${minute}`,
});
const brief = (sections: ReadySection<string>[]) => sections.map((s) => s.members.map((m) => m.entry).join(' '));

describe('CrossSectionBarrier', () => {
  it('releases a time once every symbol has delivered it or later; a symbol that never delivers holds all', () => {
    const b = new CrossSectionBarrier<string>(['A', 'B', 'C']);
    expect(b.push(member('A', 0))).toEqual([]);
    expect(b.push(member('B', 0))).toEqual([]);
    expect(b.push(member('A', 1))).toEqual([]);
    expect(b.held).toBe(3);
    // C has nothing at 0: its candle at 1 says so, and 0 goes out without it.
    expect(brief(b.push(member('C', 1)))).toEqual(['A@0 B@0']);
    expect(brief(b.push(member('B', 1)))).toEqual(['A@1 B@1 C@1']);
    expect(b.held).toBe(0);
  });

  it('flushes what is held, complete or not, and refuses a candle not after its symbol’s last', () => {
    const b = new CrossSectionBarrier<string>(['A', 'B']);
    b.push(member('A', 0));
    b.push(member('A', 2));
    expect(b.isBehind('A', T0 + 2 * MINUTE)).toBe(true);
    expect(() => b.push(member('A', 1))).toThrow('is not after its last one');
    expect(() => b.push(member('X', 3))).toThrow('X is not one of the symbols');
    expect(brief(b.flush())).toEqual(['A@0', 'A@2']);
    expect(b.reset()).toEqual([]);
  });
});
