import { describe, expect, it } from '@jest/globals';
import { signalSchema } from '@roottrading/contracts';
import { candleAt, decisions, MINUTE, paramsOf, T0 } from '../test-support/candles.js';
import { SymbolAnalyzer } from '../symbol-analyzer.js';
import { rangeBreakoutStrategy } from './range-breakout.js';
import { loadStrategies } from './select.js';

const ENV = { RANGE_WINDOW: '3', RANGE_MAX_HEIGHT: '5', RANGE_TIMEFRAME: '1m' };
const small = () => rangeBreakoutStrategy.create(paramsOf(rangeBreakoutStrategy, ENV));

/** 100–102 over three bars (2 ≤ 5 % of 100), then 103 closes above it under the target 104. */
const BREAKOUT = [100, 102, 101, 103, 102, 101, 99.5];

describe('Range_Breakout', () => {
  it('reads RANGE_WINDOW, RANGE_MAX_HEIGHT and RANGE_TIMEFRAME with defaults 20, 1 % and 15m', () => {
    expect(paramsOf(rangeBreakoutStrategy)).toEqual({ window: 20, maxHeight: 1, timeframe: '15m' });
  });

  it('BUYs above a tight range with its height as target and its low as stop; SELLs back under the low', () => {
    const machine = small();
    const got = decisions(machine, BREAKOUT.slice(0, 4));
    expect(got).toEqual([null, null, null, 'BUY']);
    expect(machine.exits?.()).toEqual({ stopLoss: 100, takeProfit: 104 });
    // idx6: 99.5 is under the low of 100 it broke out of (not the later range's 101).
    expect(decisions(small(), BREAKOUT)).toEqual([null, null, null, 'BUY', null, null, 'SELL']);
    expect(machine.metadata()).toMatchObject({ rangeHigh: 102, rangeLow: 100, enteredLow: 100 });
  });

  it('BUYs the next breakout once the engine’s target or stop has closed the last one, without a SELL', () => {
    // idx4 reaches the target 104 (high 104): the position is gone. 101–104 then spans 3 % of 101,
    // and idx7 closes at 105 above it under the target 107 → BUY again.
    const got = decisions(small(), [100, 102, 101, 103, 104, 102, 101, 105]);
    expect(got).toEqual([null, null, null, 'BUY', null, null, null, 'BUY']);
  });

  it('does not BUY out of a wide range, past its target, or out of a flat run', () => {
    // 100–108 spans 8 % of 100; 105 is over the target 102 + 2.
    expect(decisions(small(), [100, 108, 101, 109])).toEqual([null, null, null, null]);
    expect(decisions(small(), [100, 102, 101, 105])).toEqual([null, null, null, null]);
    expect(decisions(small(), [...Array<number>(100).fill(0.3), 0.31])).toEqual(Array(101).fill(null));
  });

  it('is silent during warm-up, and on a flat run', () => {
    expect(decisions(small(), [100, 102, 103])).toEqual([null, null, null]);
    const machine = small();
    expect(decisions(machine, Array<number>(200).fill(23_152.65)).every((d) => d === null)).toBe(true);
    expect(machine.exits?.()).toBeUndefined();
  });

  it('puts its own stop and target on the BUY signal through the symbol analyzer, over the configured ones', () => {
    const env = { ...ENV, STOP_LOSS: '2%', TAKE_PROFIT: '3%', RANGE_TRAILING_STOP: '1%' };
    const analyzer = new SymbolAnalyzer('BTC/USDC', loadStrategies(['Range_Breakout'], env), MINUTE);
    const signals = BREAKOUT.flatMap((close, i) => {
      const outcome = analyzer.analyze(candleAt(i, close), 0);
      return outcome.status === 'seen' ? [] : outcome.signals;
    });
    expect(signals.map((s) => signalSchema.parse(s).side)).toEqual(['BUY', 'SELL']);
    expect(signals[0]).toMatchObject({
      timestamp: T0 + 3 * MINUTE,
      price: '103',
      stopLoss: '100',
      takeProfit: '104',
      trailingStop: { type: 'percent', value: '0.01', activation: null },
    });
    expect(signals[0]!.metadata).toMatchObject({ stopLossRule: 'strategy', takeProfitRule: 'strategy' });
    expect(signals[1]).not.toHaveProperty('stopLoss');
  });
});
