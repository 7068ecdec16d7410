import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { CandleEvent } from './core/events.js';
import { MarketSequencer } from './sequencer.js';
import { candle, flat, MINUTE } from './testing/scenario.js';

const SYMBOLS = ['BTC/USDC', 'BTC/USDT'];
const key = (e: CandleEvent) => `${e.candle.symbol}@${e.candle.openTime}`;

/** The entries in market order: by open time, then SYMBOLS order. */
const marketOrder = (entries: readonly CandleEvent[]) =>
  [...entries].sort(
    (a, b) =>
      a.candle.openTime - b.candle.openTime || SYMBOLS.indexOf(a.candle.symbol) - SYMBOLS.indexOf(b.candle.symbol),
  );

describe('MarketSequencer', () => {
  it('holds a candle back until nothing can still come before it', () => {
    const seq = new MarketSequencer(SYMBOLS, MINUTE);
    expect(seq.push(flat(0, 100, { symbol: 'BTC/USDT' }))).toEqual([]);
    expect(seq.push(flat(1, 100, { symbol: 'BTC/USDT' }))).toEqual([]);
    expect(seq.push(flat(0, 100)).map(key)).toEqual(['BTC/USDC@1704067200000', 'BTC/USDT@1704067200000']);
    // BTC/USDC has no candle at minute 1: its minute-2 candle says so; and BTC/USDT, at minute 1
    // already, can bring nothing that opens before minute 2.
    expect(seq.push(flat(2, 100)).map(key)).toEqual(['BTC/USDT@1704067260000', 'BTC/USDC@1704067320000']);
    expect(seq.pending).toBe(0);
    // BTC/USDT's minute 3 waits for BTC/USDC to deliver minute 3 or later…
    expect(seq.push(flat(3, 100, { symbol: 'BTC/USDT' }))).toEqual([]);
    expect(seq.pending).toBe(1);
    expect(seq.releaseThrough(Number.POSITIVE_INFINITY).map(key)).toEqual(['BTC/USDT@1704067380000']);
  });

  it('steps the first symbol of a minute at once, once the others are at the minute before', () => {
    const seq = new MarketSequencer(SYMBOLS, MINUTE);
    seq.push(flat(0, 100));
    expect(seq.push(flat(0, 100, { symbol: 'BTC/USDT' })).map(key)).toEqual([
      'BTC/USDC@1704067200000',
      'BTC/USDT@1704067200000',
    ]);
    // BTC/USDT is at minute 0: BTC/USDC's minute 1 cannot be preceded by anything any more.
    expect(seq.push(flat(1, 100)).map(key)).toEqual(['BTC/USDC@1704067260000']);
    // …but BTC/USDC's minute 2 can: BTC/USDT's minute 1 comes first.
    expect(seq.push(flat(2, 100))).toEqual([]);
    expect(seq.push(flat(1, 100, { symbol: 'BTC/USDT' })).map(key)).toEqual([
      'BTC/USDT@1704067260000',
      'BTC/USDC@1704067320000',
    ]);
  });

  it("releases any interleaving of the symbols' streams in market order, nothing lost or doubled", () => {
    const minuteArb = fc.record({
      present: fc.tuple(fc.boolean(), fc.boolean()),
      moves: fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 })),
      buy: fc.tuple(fc.boolean(), fc.boolean()),
    });
    fc.assert(
      fc.property(
        fc.array(minuteArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { maxLength: 200 }),
        (minutes, picks) => {
          const prices = [1000, 1000];
          const bySymbol: CandleEvent[][] = [[], []];
          minutes.forEach((m, minute) => {
            for (const i of [0, 1]) {
              const open = prices[i]!;
              const close = Math.max(100, open + m.moves[i]!);
              prices[i] = close;
              if (!m.present[i]) continue;
              const side = m.buy[i] ? ('BUY' as const) : ('SELL' as const);
              const protection = { stopLoss: String(close - 20), takeProfit: String(close + 20) };
              bySymbol[i]!.push(
                candle({
                  symbol: SYMBOLS[i],
                  minute,
                  open,
                  high: Math.max(open, close) + 15,
                  low: Math.min(open, close) - 15,
                  close,
                  signals: [{ side, protection }],
                }),
              );
            }
          });
          // One arrival order: the two symbols' streams interleaved at random, each in its own order.
          const arrival: CandleEvent[] = [];
          const cursor = [0, 0];
          let p = 0;
          while (cursor[0]! < bySymbol[0]!.length || cursor[1]! < bySymbol[1]!.length) {
            const want = picks[p++ % Math.max(picks.length, 1)] ? 1 : 0;
            const i = cursor[want]! < bySymbol[want]!.length ? want : 1 - want;
            arrival.push(bySymbol[i]![cursor[i]!++]!);
          }
          const seq = new MarketSequencer(SYMBOLS, MINUTE);
          const released = [...arrival.flatMap((e) => seq.push(e)), ...seq.releaseThrough(Number.POSITIVE_INFINITY)];
          const ordered = marketOrder(arrival);
          expect(released.map(key)).toEqual(ordered.map(key));
        },
      ),
      { numRuns: 100 },
    );
  });
});
