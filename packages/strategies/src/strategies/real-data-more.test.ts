import { describe, expect, it } from '@jest/globals';
import type { Candle, Signal } from '@roottrading/contracts';
import { replayCandles } from '../test-support/market-data.js';
import { SymbolAnalyzer } from '../symbol-analyzer.js';
import { loadStrategies } from './select.js';
import { loadSymbolStrategies } from '../test-support/load.js';

/** What each strategy's signal must show in its own metadata. */
const CONDITIONS: Record<string, (side: Signal['side'], m: Record<string, unknown>) => boolean> = {
  RSI_Divergence: (side, m) =>
    side === 'BUY'
      ? num(m.swingLow) < num(m.previousSwingLow) &&
        num(m.swingRsi) > num(m.previousSwingRsi) &&
        num(m.swingDistance) <= num(m.lookback) &&
        num(m.rsi) <= num(m.exit)
      : num(m.previousRsi) <= num(m.exit) && num(m.rsi) > num(m.exit),
  Volume_Spike: (side, m) =>
    side === 'BUY'
      ? num(m.meanVolume) > 0 && num(m.volume) > num(m.factor) * num(m.meanVolume) && num(m.close) > num(m.upper)
      : num(m.close) < num(m.lower),
  VWAP_Reversion: (side, m) =>
    side === 'BUY'
      ? num(m.stdDev) > 0 &&
        num(m.close) < num(m.vwap) - num(m.deviation) * num(m.stdDev) &&
        num(m.trendEma) > num(m.previousTrendEma)
      : num(m.close) >= num(m.vwap),
  Range_Breakout: (side, m) =>
    side === 'BUY'
      ? num(m.rangeHigh) - num(m.rangeLow) <= (num(m.maxHeight) / 100) * num(m.rangeLow) &&
        num(m.close) > num(m.rangeHigh) &&
        m.stopLossRule === 'strategy' &&
        m.takeProfitRule === 'strategy'
      : num(m.close) < num(m.enteredLow),
};
const num = (v: unknown) => v as number;

const run = (name: string, env: Record<string, string> = {}, keep = (_: Candle) => true) => {
  const analyzer = new SymbolAnalyzer('BTC/USDC', loadStrategies([name], env), 60_000);
  return replayCandles('BTC/USDC')
    .filter(keep)
    .flatMap((c) => {
      const outcome = analyzer.analyze(c, c.closeTime);
      return outcome.status === 'seen' ? [] : outcome.signals;
    });
};

/** The strategies of issue 12's second batch with their defaults over the real candles. */
describe.each(Object.keys(CONDITIONS))('%s over the real BTC/USDC candles, through the symbol analyzer', (name) => {
  const signals = run(name);
  const barMs = loadSymbolStrategies([name], {})[0]!.timeframes.primaryMs;

  it('signals, the same signals on a second run, each with the last candle of one of its bars', () => {
    expect(signals.length).toBeGreaterThan(0);
    expect(run(name)).toEqual(signals);
    for (const s of signals) {
      expect((s.timestamp + 60_000) % barMs).toBe(0);
      expect(s.metadata.barStartTime).toBe(s.timestamp + 60_000 - barMs);
    }
  });

  it('signals only where its condition holds in the reported values, all of them finite', () => {
    for (const s of signals) {
      expect([s.side, CONDITIONS[name]!(s.side, s.metadata)]).toEqual([s.side, true]);
      for (const v of Object.values(s.metadata)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('sends no SELL but after a BUY (it exits only what it entered), nor a BUY while it holds', () => {
    // Range_Breakout's position also ends silently at the engine's stop or target: BUY may follow BUY.
    const sides = signals.map((s) => s.side).join(' ');
    expect(sides.startsWith('BUY')).toBe(true);
    expect(sides).not.toContain('SELL SELL');
    if (name !== 'Range_Breakout') expect(sides).not.toContain('BUY BUY');
  });
});

describe('VWAP_Reversion with GAP_FILL=flat over the real candles', () => {
  it('signals with finite values through the made-up volume-0 minutes', () => {
    // Minutes 10–19 of every hour missing: GAP_FILL=flat makes them up, at volume 0.
    const signals = run(
      'VWAP_Reversion',
      { GAP_FILL: 'flat' },
      (c) => (c.startTime / 60_000) % 60 < 10 || (c.startTime / 60_000) % 60 >= 20,
    );
    expect(signals.length).toBeGreaterThan(0);
    for (const s of signals) expect(Number.isFinite(s.metadata.vwap) && Number.isFinite(s.metadata.stdDev)).toBe(true);
  });
});
