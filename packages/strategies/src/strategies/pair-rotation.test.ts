import { describe, expect, it } from '@jest/globals';
import { MINUTE } from '../test-support/candles.js';
import { sections, stepAll } from '../test-support/cross-sections.js';
import { pairRotationStrategy } from './pair-rotation.js';
import { loadStrategies } from './select.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Monday 2023-02-27 00:00 UTC. */
const MONDAY = Date.UTC(2023, 1, 27);

const machine = (env: Record<string, string>, symbols = ['A/USD', 'B/USD']) =>
  pairRotationStrategy.create(pairRotationStrategy.paramsSchema.parse(env), symbols, MINUTE);
const daily = { ROTATION_LOOKBACK_DAYS: '2', ROTATION_REBALANCE_DAYS: '1' };

describe('Pair_Rotation', () => {
  it('buys the strongest over the lookback at each rebalance and sells the one it held', () => {
    const all = sections(
      { 'A/USD': [100, 100, 110, 110, 110, 130], 'B/USD': [100, 100, 120, 120, 130, 130] },
      MONDAY,
      DAY,
    );
    // Day 2: A +10 %, B +20 % over two days. Day 5: A +18 %, B +8 %.
    expect(stepAll(machine(daily), all)).toEqual(['2:B/USD:BUY', '5:A/USD:BUY', '5:B/USD:SELL']);
  });

  it('signals nothing until a whole lookback is seen, nor on the first candle (it only places the period)', () => {
    const all = sections({ 'A/USD': [100, 200], 'B/USD': [100, 50] }, MONDAY, DAY);
    expect(stepAll(machine(daily), all)).toEqual([]);
  });

  it('with the defaults, rebalances at Monday 00:00 UTC on a seven-day return', () => {
    // Hourly bars from Wednesday 2023-03-01: the 6 March rebalance lacks seven days; 13 March has them.
    const hours = 21 * 24;
    const a = Array.from({ length: hours }, (_, i) => 100 + i);
    const b = Array.from({ length: hours }, (_, i) => 100 + 2 * i);
    const all = sections({ 'A/USD': a, 'B/USD': b }, Date.UTC(2023, 2, 1), HOUR);
    const m = machine({});
    const decided = all.flatMap((s) => m.step(s).map((d) => ({ at: new Date(s.openTime).toISOString(), ...d })));
    expect(decided.map((d) => [d.at, d.symbol, d.side])).toEqual([['2023-03-13T00:00:00.000Z', 'B/USD', 'BUY']]);
    expect(decided[0]!.metadata).toMatchObject({ rebalanceAt: Date.UTC(2023, 2, 13), lookbackDays: 7 });
    expect(decided[0]!.metadata.returnPct).toBeCloseTo(((100 + 2 * 288) / (100 + 2 * 120) - 1) * 100, 9);
  });

  it('is safe on flat runs: equal returns go to the first symbol, once, with finite metadata', () => {
    const all = sections({ 'A/USD': Array(8).fill(5), 'B/USD': Array(8).fill(5) }, MONDAY, DAY);
    const m = machine(daily);
    const decided = all.flatMap((s) => m.step(s));
    expect(decided.map((d) => [d.symbol, d.side])).toEqual([['A/USD', 'BUY']]);
    expect(decided[0]!.metadata).toMatchObject({ returnPct: 0, bestReturnPct: 0 });
  });

  it('ranks only the symbols present at the rebalance; a held one absent then is sold at its next candle', () => {
    // Day 2: A has no candle, B is bought. Day 5: A leads, B has no candle: it is sold on day 6.
    const all = sections(
      { 'A/USD': [100, 100, null, 100, 100, 150, 150], 'B/USD': [100, 100, 110, 110, 120, null, 110] },
      MONDAY,
      DAY,
    );
    const m = machine(daily);
    expect(stepAll(m, all)).toEqual(['2:B/USD:BUY', '5:A/USD:BUY', '6:B/USD:SELL']);
  });

  it('reads SYMBOLS by default, refuses a symbol not in it and fewer than two', () => {
    const [loaded] = loadStrategies(['Pair_Rotation'], {});
    if (loaded?.kind !== 'multi-symbol') throw new Error('a multi-symbol strategy');
    expect(loaded.symbolsOf(['A/USD', 'B/USD', 'C/USD'])).toEqual(['A/USD', 'B/USD', 'C/USD']);
    expect(loaded.warmupCandles).toBe(14 * 1440 + 2);
    const [some] = loadStrategies(['Pair_Rotation'], { ROTATION_SYMBOLS: 'c/usd, a/usd' });
    if (some?.kind !== 'multi-symbol') throw new Error('a multi-symbol strategy');
    expect(some.symbolsOf(['A/USD', 'B/USD', 'C/USD'])).toEqual(['C/USD', 'A/USD']);
    expect(() => some.symbolsOf(['A/USD'])).toThrow('ROTATION_SYMBOLS names C/USD, not in SYMBOLS');
    expect(() => loaded.symbolsOf(['A/USD'])).toThrow('needs at least two symbols');
    expect(() => loadStrategies(['Pair_Rotation'], { ROTATION_LOOKBACK_DAYS: '0' })).toThrow(
      'ROTATION_LOOKBACK_DAYS must be a whole number from 1 to 365',
    );
  });
});
