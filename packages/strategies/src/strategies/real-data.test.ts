import { describe, expect, it } from '@jest/globals';
import { barsFrom, noView } from '../test-support/candles.js';
import { readCloses } from '../test-support/market-data.js';
import { defaultStrategyNames, strategyRegistry } from './registry.js';
import type { StrategyParams } from './types.js';
import { isSymbolDefinition } from './multi-symbol-types.js';

/** The three default strategies with their defaults over all 30,240 real BTC/USDC candles (the others: real-data-timeframes). */
describe.each(
  strategyRegistry
    .filter(isSymbolDefinition)
    .filter((d) => defaultStrategyNames.includes(d.name))
    .map((d) => [d.name, d] as const),
)('%s over the real BTC/USDC candles', (_name, definition) => {
  const closes = readCloses('BTC/USDC');
  const params = definition.paramsSchema.parse({}) as StrategyParams;
  const machine = definition.create(params);
  const window = Math.max(
    ...Object.entries(params)
      .filter(([k]) => /window/i.test(k))
      .map(([, v]) => Number(v)),
  );
  const signals: { index: number; side: string; metadata: Record<string, number | string | null> }[] = [];
  let run = 0;
  let signalsInFlatRuns = 0;
  barsFrom(closes).forEach((bar, index) => {
    run = index > 0 && bar.close === closes[index - 1] ? run + 1 : 1;
    const side = machine.update(bar, noView);
    if (!side) return;
    signals.push({ index, side, metadata: machine.metadata() });
    // A run longer than the window: every value the indicator saw now and before is the same close.
    if (run > window + 1) signalsInFlatRuns++;
  });

  it('signals, but only on a small share of candles (crossings, not levels)', () => {
    expect(signals.length).toBeGreaterThan(10);
    expect(signals.length).toBeLessThan(closes.length / 10);
  });

  it('puts only finite numbers in the metadata', () => {
    for (const s of signals) {
      for (const value of Object.values(s.metadata)) expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('never signals inside a flat run', () => {
    expect(signalsInFlatRuns).toBe(0);
  });

  it('signals only where its crossing condition holds in the reported values', () => {
    for (const { side, metadata: m } of signals) {
      const crossed =
        definition.name === 'RSI_Strategy'
          ? side === 'BUY'
            ? m.previousRsi! < m.oversold! && m.rsi! >= m.oversold!
            : m.previousRsi! > m.overbought! && m.rsi! <= m.overbought!
          : definition.name === 'SimpleMA_Cross'
            ? side === 'BUY'
              ? m.previousShortSma! <= m.previousLongSma! && m.shortSma! > m.longSma!
              : m.previousShortSma! >= m.previousLongSma! && m.shortSma! < m.longSma!
            : side === 'BUY'
              ? m.previousClose! < m.previousLower! && m.close! >= m.lower!
              : m.previousClose! > m.previousUpper! && m.close! <= m.upper!;
      expect(crossed).toBe(true);
    }
  });
});
