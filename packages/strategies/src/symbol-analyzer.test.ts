import { describe, expect, it } from '@jest/globals';
import { signalSchema } from '@roottrading/contracts';
import { loadStrategies } from './strategies/select.js';
import { SymbolAnalyzer, type CandleOutcome } from './symbol-analyzer.js';
import { MINUTE, T0, barsFrom, candleAt } from './test-support/candles.js';

const strategies = () =>
  loadStrategies(['RSI_Strategy', 'SimpleMA_Cross'], { RSI_WINDOW: '2', SHORT_WINDOW: '2', LONG_WINDOW: '3' });
const signalsOf = (o: CandleOutcome) => (o.status === 'seen' ? [] : o.signals);

describe('SymbolAnalyzer', () => {
  it('builds contract-valid signals: candle open time, close as given, indicator values and params', () => {
    const analyzer = new SymbolAnalyzer('BTC/USDC', strategies(), MINUTE);
    const outcomes = [10, 9, 8, 7, 8].map((c, i) => analyzer.analyze(candleAt(i, c.toFixed(2)), 1_700_000_000_000));
    const [signal] = signalsOf(outcomes[4]!);
    expect(signalSchema.parse(signal)).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      strategy: 'RSI_Strategy',
      symbol: 'BTC/USDC',
      interval: '1m',
      side: 'BUY',
      timestamp: T0 + 4 * MINUTE,
      price: '8.00',
      metadata: { rsi: 50, previousRsi: 0, window: 2, overbought: 70, oversold: 30 },
      createdAt: 1_700_000_000_000,
    });
  });

  it('returns the signals of one candle in strategy order', () => {
    const analyzer = new SymbolAnalyzer('BTC/USDC', strategies(), MINUTE);
    // idx4: RSI(2) 0 → 83.3 crosses 30 upward; SMA(2) 7.5 → 9.5 crosses above SMA(3) 8 → 9
    const outcomes = [10, 9, 8, 7, 12].map((c, i) => analyzer.analyze(candleAt(i, c)));
    expect(signalsOf(outcomes[4]!).map((s) => `${s.strategy}:${s.side}`)).toEqual([
      'RSI_Strategy:BUY',
      'SimpleMA_Cross:BUY',
    ]);
  });

  it('signals on the first live candle after a warm-up, never during it', () => {
    const analyzer = new SymbolAnalyzer('BTC/USDC', strategies(), MINUTE);
    for (const bar of barsFrom([10, 9, 8, 7])) analyzer.warm(bar);
    expect(analyzer.lastStartTime).toBe(T0 + 3 * MINUTE);
    const outcome = analyzer.analyze(candleAt(4, 8));
    expect(signalsOf(outcome).map((s) => s.side)).toEqual(['BUY']);
  });

  it('ignores a candle it already handled (same time, or the one before)', () => {
    const analyzer = new SymbolAnalyzer('BTC/USDC', strategies(), MINUTE);
    [10, 9, 8, 7, 8].forEach((c, i) => analyzer.analyze(candleAt(i, c)));
    expect(analyzer.analyze(candleAt(4, 8)).status).toBe('seen');
    expect(analyzer.analyze(candleAt(3, 7)).status).toBe('seen');
    expect(analyzer.lastStartTime).toBe(T0 + 4 * MINUTE);
  });

  it('resets on a jump back of more than one candle (a replay started over) and carries on', () => {
    const analyzer = new SymbolAnalyzer('BTC/USDC', strategies(), MINUTE);
    const first = [10, 9, 8, 7, 8].map((c, i) => analyzer.analyze(candleAt(i, c)));
    const firstIds = first.flatMap(signalsOf).map((s) => s.id);
    const again = [10, 9, 8, 7, 8].map((c, i) => analyzer.analyze(candleAt(i, c)));
    expect(again[0]).toEqual({ status: 'new-series', signals: [], previousStartTime: T0 + 4 * MINUTE });
    expect(again.slice(1).map((o) => o.status)).toEqual(['analyzed', 'analyzed', 'analyzed', 'analyzed']);
    // Fresh indicators: the same candles give the same signals, with the same ids.
    expect(again.flatMap(signalsOf).map((s) => s.id)).toEqual(firstIds);
  });
});
