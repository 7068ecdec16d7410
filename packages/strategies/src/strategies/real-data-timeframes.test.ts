import { describe, expect, it } from '@jest/globals';
import type { Signal } from '@roottrading/contracts';
import { replayCandles } from '../test-support/market-data.js';
import { SymbolAnalyzer } from '../symbol-analyzer.js';
import { loadSymbolStrategies as loadStrategies } from '../test-support/load.js';

/** What each new strategy's signal must show in its own metadata. */
const CONDITIONS: Record<string, (side: Signal['side'], m: Record<string, unknown>) => boolean> = {
  EMA_Cross: (side, m) =>
    side === 'BUY'
      ? num(m.previousFastEma) <= num(m.previousSlowEma) && num(m.fastEma) > num(m.slowEma)
      : num(m.previousFastEma) >= num(m.previousSlowEma) && num(m.fastEma) < num(m.slowEma),
  MACD_Trend: (side, m) =>
    side === 'BUY'
      ? num(m.previousMacd) <= num(m.previousSignalLine) &&
        num(m.macd) > num(m.signalLine) &&
        num(m.close) > num(m.trendEma)
      : num(m.previousMacd) >= num(m.previousSignalLine) && num(m.macd) < num(m.signalLine),
  Donchian_Breakout: (side, m) => (side === 'BUY' ? num(m.close) > num(m.upper) : num(m.close) < num(m.lower)),
  Supertrend: (side, m) =>
    num(m.previousDirection) === -num(m.direction) && num(m.direction) === (side === 'BUY' ? 1 : -1),
};
const num = (v: unknown) => v as number;

/** The new strategies with their defaults (EMA_Cross on 15m: three weeks hold no 50 days) over the real candles. */
describe.each(Object.keys(CONDITIONS))('%s over the real BTC/USDC candles, through the symbol analyzer', (name) => {
  const [strategy] = loadStrategies([name], { EMA_TIMEFRAME: '15m' });
  const barMs = strategy!.timeframes.primaryMs;
  const analyzer = new SymbolAnalyzer('BTC/USDC', [strategy!], 60_000);
  const signals = replayCandles('BTC/USDC').flatMap((c) => {
    const outcome = analyzer.analyze(c, c.closeTime);
    return outcome.status === 'seen' ? [] : outcome.signals;
  });

  it('signals a few times, only with the last candle of one of its bars', () => {
    expect(signals.length).toBeGreaterThan(3);
    expect(signals.length).toBeLessThan((21 * 86_400_000) / barMs / 3);
    for (const s of signals) expect((s.timestamp + 60_000) % barMs).toBe(0);
  });

  it('signals only where its condition holds in the reported values, all of them finite', () => {
    for (const s of signals) {
      expect(CONDITIONS[name]!(s.side, s.metadata)).toBe(true);
      expect(s.metadata.barStartTime).toBe(s.timestamp + 60_000 - barMs);
      for (const v of Object.values(s.metadata)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    }
  });
});

describe('EMA_Cross on its default daily bars', () => {
  it('stays silent through three weeks (its slow EMA needs 50 days) without failing', () => {
    const [strategy] = loadStrategies(['EMA_Cross'], {});
    const analyzer = new SymbolAnalyzer('BTC/USDC', [strategy!], 60_000);
    const outcomes = replayCandles('BTC/USDC').map((c) => analyzer.analyze(c, c.closeTime));
    expect(outcomes.every((o) => o.status === 'analyzed' && o.signals.length === 0)).toBe(true);
  });
});
