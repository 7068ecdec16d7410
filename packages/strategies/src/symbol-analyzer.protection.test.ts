import { describe, expect, it } from '@jest/globals';
import { signalSchema, type Candle, type Signal } from '@roottrading/contracts';
import { barFromCandle } from './bars.js';
import { loadStrategies } from './strategies/select.js';
import { SymbolAnalyzer, type CandleOutcome } from './symbol-analyzer.js';
import { MINUTE, T0, candleAt } from './test-support/candles.js';

/**
 * RSI(2) over the closes 10 9 8 7 8 9 10 9 BUYs on index 4 and SELLs on index 7 (see rsi.test.ts).
 * With these highs and lows, ATR(2): TR₁ = 1.5, TR₂ = 1.5 → 1.5; TR₃ = max(1.75, 0.25, 1.5) → 1.625;
 * TR₄ = max(2, |9 − 7|, |7 − 7|) = 2 → 1.8125 at the BUY (all exact in binary, so no float dust).
 */
const BARS: [close: number, high: number, low: number][] = [
  [10, 10.5, 9.5],
  [9, 10, 8.5],
  [8, 9, 7.5],
  [7, 8.25, 6.5],
  [8, 9, 7],
  [9, 9.5, 8.5],
  [10, 10.5, 9.5],
  [9, 10, 8.5],
];
const candles: Candle[] = BARS.map(([close, high, low], i) => ({
  ...candleAt(i, close),
  high: String(high),
  low: String(low),
}));

const ENV = {
  RSI_WINDOW: '2',
  ATR_WINDOW: '2',
  RSI_STOP_LOSS: '1.5atr',
  TAKE_PROFIT: '3%',
  RSI_TRAILING_STOP: '2atr',
  TRAILING_ACTIVATION: '1%',
};

const signalsOf = (o: CandleOutcome): Signal[] => (o.status === 'seen' ? [] : o.signals);
const run = (env: Record<string, string>, list = candles) => {
  const analyzer = new SymbolAnalyzer('BTC/USDC', loadStrategies(['RSI_Strategy'], env), MINUTE);
  return list.flatMap((c) => signalsOf(analyzer.analyze(c, 1_700_000_000_000)));
};

describe('SymbolAnalyzer with protections', () => {
  it('puts the stop, target and trailing stop on the BUY, and none on the SELL', () => {
    const [buy, sell] = run(ENV);
    expect(signalSchema.parse(buy)).toMatchObject({
      side: 'BUY',
      timestamp: T0 + 4 * MINUTE,
      price: '8',
      stopLoss: '5.28125', // 8 − 1.5 × 1.8125
      takeProfit: '8.24', // 8 × 1.03
      trailingStop: { type: 'distance', value: '3.625', activation: '0.01' }, // 2 × 1.8125, 1 %
    });
    expect(buy!.metadata).toEqual({
      rsi: 50,
      previousRsi: 0,
      window: 2,
      overbought: 70,
      oversold: 30,
      atr: 1.8125,
      atrWindow: 2,
      stopLossRule: '1.5atr',
      stopLoss: '5.28125',
      takeProfitRule: '3%',
      takeProfit: '8.24',
      trailingStopRule: '2atr',
      trailingStopType: 'distance',
      trailingStopValue: '3.625',
      trailingActivation: '0.01',
    });

    expect(signalSchema.parse(sell)).toMatchObject({ side: 'SELL', timestamp: T0 + 7 * MINUTE, price: '9' });
    expect(sell).not.toHaveProperty('stopLoss');
    expect(sell).not.toHaveProperty('takeProfit');
    expect(sell).not.toHaveProperty('trailingStop');
    expect(Object.keys(sell!.metadata).sort()).toEqual(['overbought', 'oversold', 'previousRsi', 'rsi', 'window']);
  });

  it('gets the same ATR after a warm-up as in an unbroken run', () => {
    const analyzer = new SymbolAnalyzer('BTC/USDC', loadStrategies(['RSI_Strategy'], ENV), MINUTE);
    candles.slice(0, 4).forEach((c) => analyzer.warm(barFromCandle(c)));
    const [buy] = signalsOf(analyzer.analyze(candles[4]!, 1_700_000_000_000));
    expect(buy).toEqual(run(ENV)[0]);
  });

  it('leaves an ATR stop out with a note when the BUY comes before the ATR exists', () => {
    const [buy] = run({ ...ENV, ATR_WINDOW: '5' });
    expect(buy).toMatchObject({ side: 'BUY', takeProfit: '8.24' });
    expect(buy).not.toHaveProperty('stopLoss');
    expect(buy).not.toHaveProperty('trailingStop');
    expect(buy!.metadata).toMatchObject({
      atr: null,
      stopLoss: null,
      protectionNote: expect.stringContaining('warm-up'),
    });
  });

  it('keeps the signal ids of unprotected strategies, and changes them with the protection config', () => {
    const plain = run({ RSI_WINDOW: '2' });
    const unchanged = run({ RSI_WINDOW: '2', MA_STOP_LOSS: '2%' });
    const protectedRun = run(ENV);
    const tighter = run({ ...ENV, RSI_STOP_LOSS: '1atr' });
    expect(unchanged.map((s) => s.id)).toEqual(plain.map((s) => s.id));
    expect(run(ENV).map((s) => s.id)).toEqual(protectedRun.map((s) => s.id));
    expect(protectedRun[0]!.id).not.toBe(plain[0]!.id);
    expect(tighter[0]!.id).not.toBe(protectedRun[0]!.id);
    // The SELL's id follows the strategy's config too: one config, one series of signals.
    expect(protectedRun[1]!.id).not.toBe(plain[1]!.id);
  });

  it('puts a swing stop, a partial take-profit and a time stop on the BUY', () => {
    // SWING_STRENGTH=1: the low 6.5 of index 3 is under 7.5 before it and 7 after it, known at the BUY (index 4).
    const env = {
      RSI_WINDOW: '2',
      ATR_WINDOW: '2',
      RSI_STOP_LOSS: 'swing',
      SWING_STRENGTH: '1',
      PARTIAL_TAKE_PROFIT: '50%@1atr',
      TIME_STOP: '5',
    };
    const [buy, sell] = run(env);
    expect(signalSchema.parse(buy)).toMatchObject({
      side: 'BUY',
      stopLoss: '6.5',
      partialTakeProfit: { price: '9.8125', fraction: '0.5' }, // 8 + 1 × 1.8125
      timeStop: 5,
    });
    expect(buy!.metadata).toMatchObject({ stopLossRule: 'swing', swingLow: '6.5', partialTakeProfitRule: '50%@1atr' });
    expect(sell).not.toHaveProperty('partialTakeProfit');
    expect(sell).not.toHaveProperty('timeStop');
  });
});
