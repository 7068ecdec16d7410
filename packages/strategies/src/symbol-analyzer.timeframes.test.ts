import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError } from '@roottrading/config';
import { signalSchema, type Candle } from '@roottrading/contracts';
import { loadStrategies } from './strategies/select.js';
import { defineStrategy, type Bar } from './strategies/types.js';
import { SymbolAnalyzer, type CandleOutcome } from './symbol-analyzer.js';
import { MINUTE, T0, candleAt } from './test-support/candles.js';
import { timeframeField } from './timeframes/timeframes.js';

/** Every bar it is stepped on and the 15m bar it saw then; BUYs on the bar given by BUY_AT (minutes). */
const seen: { bar: Bar; quarter: Bar | undefined }[] = [];
const recorder = defineStrategy({
  name: 'Recorder',
  description: 'test plugin on 5m reading 15m',
  paramsSchema: z
    .object({ TF: timeframeField('5m'), BUY_AT: z.coerce.number().default(10), BARS: z.coerce.number().default(3) })
    .transform((e) => ({ timeframe: e.TF, buyAt: e.BUY_AT, bars: e.BARS })),
  warmupCandles: (p) => p.bars,
  timeframes: (p) => ({ primary: p.timeframe, reads: [{ timeframe: '15m', bars: 2 }] }),
  create: (p) => {
    let n = 0;
    return {
      update(bar, view) {
        n++;
        seen.push({ bar, quarter: view.closed('15m') });
        return bar.startTime === T0 + p.buyAt * MINUTE ? 'BUY' : null;
      },
      metadata: () => ({ n, ...p }),
    };
  },
});
const registry = [recorder];
const load = (env: Record<string, string> = {}) => loadStrategies(['Recorder'], env, registry);
const signalsOf = (o: CandleOutcome) => (o.status === 'seen' ? [] : o.signals);
const candle = (minute: number, close: number): Candle => ({
  ...candleAt(minute, close),
  high: String(close + 1),
  low: String(close - 1),
  volume: '1',
});

describe('SymbolAnalyzer on a strategy of another timeframe', () => {
  it('steps it only on the close of its 5m bars, with the 15m bar that closed by then', () => {
    seen.length = 0;
    const analyzer = new SymbolAnalyzer('BTC/USDC', load(), MINUTE);
    const outcomes = Array.from({ length: 30 }, (_, m) => analyzer.analyze(candle(m, 100 + m)));
    expect(seen.map((s) => (s.bar.startTime - T0) / MINUTE)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(seen[0]!.bar).toEqual({
      startTime: T0,
      open: 100,
      high: 105,
      low: 99,
      close: 104,
      volume: 5,
      filled: false,
    });
    // At 00:15 the first quarter had not closed; at 00:15's close (the 00:10 bar) it closed with it.
    expect(seen.map((s) => s.quarter && (s.quarter.startTime - T0) / MINUTE)).toEqual([
      undefined,
      undefined,
      0,
      0,
      0,
      15,
    ]);
    // The BUY on the 00:10 bar goes out with the base candle that closed it (00:14).
    const signals = outcomes.flatMap(signalsOf);
    expect(signals).toHaveLength(1);
    expect(signalSchema.parse(signals[0])).toMatchObject({
      interval: '1m',
      timestamp: T0 + 14 * MINUTE,
      price: '114',
      metadata: { timeframe: '5m', buyAt: 10, barStartTime: T0 + 10 * MINUTE },
    });
  });

  it('closes a bar whose last candles are missing on the next candle, and signals with that candle', () => {
    seen.length = 0;
    const analyzer = new SymbolAnalyzer('BTC/USDC', load(), MINUTE);
    const outcomes = [0, 4, 10, 12, 16].map((m) => analyzer.analyze(candle(m, 100 + m)));
    expect(seen.map((s) => (s.bar.startTime - T0) / MINUTE)).toEqual([0, 10]);
    expect(signalsOf(outcomes[4]!).map((s) => s.timestamp)).toEqual([T0 + 16 * MINUTE]);
  });

  it('counts its warm-up in base candles, one period more for a partial first bar', () => {
    // max((3 + 1) · 5, (2 + 1) · 15) one-minute candles
    expect(load()[0]!.warmupCandles).toBe(45);
    expect(load({ BARS: '20' })[0]!.warmupCandles).toBe(105);
    expect(load({ INTERVAL: '5m' })[0]!.warmupCandles).toBe(9);
  });

  it('signals after a warm-up as an unbroken run would', () => {
    const unbroken = new SymbolAnalyzer('BTC/USDC', load({ BUY_AT: '40' }), MINUTE);
    const all = Array.from({ length: 60 }, (_, m) => unbroken.analyze(candle(m, 100 + (m % 7)), T0));
    const warmed = new SymbolAnalyzer('BTC/USDC', load({ BUY_AT: '40' }), MINUTE);
    for (let m = 0; m < 30; m++) {
      const c = candle(m, 100 + (m % 7));
      warmed.warm({ startTime: c.startTime, open: +c.open, high: +c.high, low: +c.low, close: +c.close, volume: 1 });
    }
    const rest = Array.from({ length: 30 }, (_, i) => warmed.analyze(candle(30 + i, 100 + ((30 + i) % 7)), T0));
    // The same signal, but its step count: the warmed machine was stepped on fewer bars.
    const strip = (o: CandleOutcome) => signalsOf(o).map((s) => ({ ...s, metadata: { ...s.metadata, n: 0 } }));
    expect(rest.flatMap(strip)).toEqual(all.flatMap(strip));
    expect(all.flatMap(signalsOf)).toHaveLength(1);
  });

  it('refuses a timeframe the base interval cannot build, naming the strategy', () => {
    expect(() => load({ INTERVAL: '15m' })).toThrow(ConfigError);
    expect(() => load({ INTERVAL: '15m' })).toThrow(
      'config: Recorder\'s timeframe must be a whole multiple of INTERVAL (15m) that divides a day (got "5m")',
    );
    expect(() => loadStrategies(['EMA_Cross'], { INTERVAL: '1h', EMA_TIMEFRAME: '15m' })).toThrow(
      'config: EMA_TIMEFRAME must be a whole multiple of INTERVAL (1h) that divides a day (got "15m")',
    );
    expect(() => load({ TF: '2h' })).toThrow('config: TF must be one of 1m, 5m, 15m, 1h, 4h, 1d (got "2h")');
  });
});
