import { describe, expect, it } from '@jest/globals';
import type { Candle } from '@roottrading/contracts';
import {
  barFromCandle,
  signalId,
  type Bar,
  type CrossSection,
  type LoadedMultiSymbolStrategy,
} from '@roottrading/strategies';
import { replayCandles } from '@roottrading/strategies/test-support';
import { runBacktest } from './run.js';
import { resolveSetup } from './setup.js';

/** The example pair: the two shared files, BTC/USDT the target and BTC/USDC the reference (the defaults). */
const SYMBOLS = ['BTC/USDC', 'BTC/USDT'];
const SETTINGS = {
  SYMBOLS: SYMBOLS.join(','),
  STRATEGIES: 'Pair_Rotation,Cross_Pair_Swing',
  DEMO_BALANCES: 'USDC=10000,USDT=10000',
  // Daily, so that the three weeks of data hold many rebalances.
  ROTATION_LOOKBACK_DAYS: '1',
  ROTATION_REBALANCE_DAYS: '1',
};
const usdc = replayCandles('BTC/USDC');
const usdt = replayCandles('BTC/USDT');

/** One batch per open time in SYMBOLS order; `keep` leaves candles out (a gap). */
function batches(keep: (c: Candle) => boolean = () => true): Candle[][] {
  return usdc.map((c, i) => [c, usdt[i]!].filter(keep)).filter((b) => b.length > 0);
}

/**
 * The signal ids the multi-symbol strategies give when their machines are stepped directly on the
 * cross-sections of the batches: what the backtester must have sent to the engine, no more, no less.
 */
function expectedIds(strategies: readonly LoadedMultiSymbolStrategy[], input: Candle[][]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const s of strategies) {
    const machine = s.create(s.symbolsOf(SYMBOLS), 60_000);
    for (const batch of input) {
      const bars = new Map<string, Bar>(batch.map((c) => [c.symbol, barFromCandle(c)]));
      const section: CrossSection = { openTime: batch[0]!.startTime, bars };
      for (const d of machine.step(section)) {
        const id = signalId({
          strategy: s.name,
          paramsKey: s.paramsKey,
          symbol: d.symbol,
          interval: '1m',
          openTime: section.openTime,
        });
        ids.set(id, `${s.name}:${d.symbol}:${d.side}`);
      }
    }
  }
  return ids;
}

function check(input: Candle[][]) {
  const { setup } = resolveSetup(SETTINGS);
  const multi = setup.strategies.filter((s): s is LoadedMultiSymbolStrategy => s.kind === 'multi-symbol');
  expect(multi.map((s) => s.name)).toEqual(['Pair_Rotation', 'Cross_Pair_Swing']);
  const result = runBacktest(setup, input);
  const expected = expectedIds(multi, input);
  expect(result.refused).toEqual([]);
  expect(result.signals).toBe(expected.size);
  const ordered = [...result.recorder.orders.values()].filter((o) => o.signalId !== null);
  for (const o of ordered) expect(expected.get(o.signalId!)).toBe(`${o.strategy}:${o.symbol}:${o.side}`);
  return { result, expected, ordered };
}

describe('multi-symbol strategies through the backtester on the two shared symbols', () => {
  it('sends exactly the signals of the cross-sections, each on its own symbol, and trades on them', () => {
    const { expected, ordered, result } = check(batches());
    const kinds = [...expected.values()];
    for (const name of ['Pair_Rotation:BTC/USDC', 'Pair_Rotation:BTC/USDT', 'Cross_Pair_Swing:BTC/USDT'])
      expect(kinds.filter((k) => k.startsWith(name)).length).toBeGreaterThan(0);
    // The reference is never traded by the swing: it only decides when the target may be bought.
    expect(kinds.some((k) => k.startsWith('Cross_Pair_Swing:BTC/USDC'))).toBe(false);
    expect(new Set(result.recorder.trades.map((t) => t.strategy))).toEqual(
      new Set(['Pair_Rotation', 'Cross_Pair_Swing']),
    );
    expect(ordered.length).toBeGreaterThan(10);
  });

  it('with gaps in one symbol, steps each time with the symbols present, as the cross-sections say', () => {
    // BTC/USDT has no candle in every 97th minute, nor for an hour on 13 March (the USDC de-peg).
    const hole = [Date.UTC(2023, 2, 13, 2), Date.UTC(2023, 2, 13, 3)];
    const keep = (c: Candle) =>
      c.symbol !== 'BTC/USDT' ||
      ((c.startTime / 60_000) % 97 !== 0 && (c.startTime < hole[0]! || c.startTime >= hole[1]!));
    const input = batches(keep);
    expect(input.flat().length).toBeLessThan(2 * usdc.length - 60);
    const gappy = check(input);
    expect(gappy.expected).not.toEqual(check(batches()).expected);
  });
});
