import { describe, expect, it } from '@jest/globals';
import { MINUTE, T0 } from '../test-support/candles.js';
import { sections, stepAll } from '../test-support/cross-sections.js';
import { crossPairSwingStrategy } from './cross-pair-swing.js';
import { loadStrategies } from './select.js';

const ENV = {
  CROSS_SWING_TARGET: 'ETH/USD',
  CROSS_SWING_REFERENCE: 'BTC/USD',
  CROSS_SWING_RSI_WINDOW: '2',
  CROSS_SWING_FLAT_BARS: '2',
  CROSS_SWING_FLAT_PCT: '1',
};
const machine = () =>
  crossPairSwingStrategy.create(crossPairSwingStrategy.paramsSchema.parse(ENV), ['ETH/USD', 'BTC/USD'], MINUTE);
const run = (target: (number | null)[], reference: (number | null)[]) =>
  stepAll(machine(), sections({ 'ETH/USD': target, 'BTC/USD': reference }, T0, MINUTE));

// RSI(2) of the target: 50 (no movement) at 2, 0 at 3–5 (falling), 50 at 6, 75 at 7, 87.5 at 8.
const TARGET = [10, 10, 10, 9, 8, 7, 8, 9, 10, 11];
const FLAT = Array<number>(10).fill(100);

describe('Cross_Pair_Swing', () => {
  it('buys the target when oversold while the reference is flat, sells it when overbought, once each', () => {
    expect(run(TARGET, FLAT)).toEqual(['3:ETH/USD:BUY', '7:ETH/USD:SELL']);
  });

  it('does not buy while the reference moves', () => {
    expect(run(TARGET, [100, 100, 100, 105, 110, 115, 120, 125, 130, 135])).toEqual(['7:ETH/USD:SELL']);
  });

  it('signals nothing during warm-up (before the RSI and the reference window exist)', () => {
    expect(run(TARGET.slice(0, 3), FLAT.slice(0, 3))).toEqual([]);
    // Oversold from the start, but the reference's two-candle return is not known before candle 2.
    expect(run([10, 9, 8, 7], [100, 100, null, 100])).toEqual(['3:ETH/USD:BUY']);
  });

  it('is safe on flat runs: an unmoving target is RSI 50, never a signal', () => {
    const m = machine();
    const all = sections({ 'ETH/USD': Array(40).fill(7), 'BTC/USD': Array(40).fill(0.5) }, T0, MINUTE);
    expect(all.flatMap((s) => m.step(s))).toEqual([]);
  });

  it('a time without a reference candle is not flat; one without a target candle changes nothing', () => {
    expect(run(TARGET, [100, 100, 100, null, 100, 100, 100, 100, 100, 100])).toEqual([
      '4:ETH/USD:BUY',
      '7:ETH/USD:SELL',
    ]);
    expect(run([10, 10, 10, null, 8, 7, 8, 9, 10, 11], FLAT)).toEqual(['4:ETH/USD:BUY', '7:ETH/USD:SELL']);
  });

  it('carries its values and parameters as metadata', () => {
    const m = machine();
    const all = sections({ 'ETH/USD': TARGET, 'BTC/USD': FLAT }, T0, MINUTE);
    const [buy] = all.flatMap((s) => m.step(s));
    expect(buy!.metadata).toMatchObject({ rsi: 0, previousRsi: 50, referenceReturnPct: 0, window: 2, oversold: 30 });
  });

  it('reads its pair from its own variables and refuses one outside SYMBOLS or twice the same symbol', () => {
    const [loaded] = loadStrategies(['Cross_Pair_Swing'], {});
    if (loaded?.kind !== 'multi-symbol') throw new Error('a multi-symbol strategy');
    expect(loaded.params).toMatchObject({ target: 'BTC/USDT', reference: 'BTC/USDC', window: 14, flatBars: 60 });
    expect(loaded.symbolsOf(['BTC/USDC', 'BTC/USDT'])).toEqual(['BTC/USDT', 'BTC/USDC']);
    expect(() => loaded.symbolsOf(['BTC/USDC'])).toThrow('CROSS_SWING_TARGET BTC/USDT is not in SYMBOLS');
    expect(() => loadStrategies(['Cross_Pair_Swing'], { CROSS_SWING_REFERENCE: 'btcusdt' })).toThrow(
      'CROSS_SWING_REFERENCE must be another symbol than CROSS_SWING_TARGET',
    );
    expect(() => loadStrategies(['Cross_Pair_Swing'], { CROSS_SWING_TARGET: 'AA/BB,CC/DD' })).toThrow(
      'CROSS_SWING_TARGET must name one symbol',
    );
  });
});
