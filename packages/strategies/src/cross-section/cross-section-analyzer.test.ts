import { describe, expect, it } from '@jest/globals';
import { analysedCandleSchema, type AnalysedCandle, type Candle } from '@roottrading/contracts';
import { barFromCandle } from '../bars.js';
import { signalId } from '../signal-id.js';
import { loadStrategies } from '../strategies/select.js';
import { T0 } from '../test-support/candles.js';
import { candleBatches } from '../test-support/cross-sections.js';
import { CrossSectionAnalyzer } from './cross-section-analyzer.js';

const MINUTE = 60_000;
const SYMBOLS = ['ETH/USD', 'BTC/USD', 'SOL/USD'];
const ENV = {
  STRATEGIES: 'RSI_Strategy,Cross_Pair_Swing',
  CROSS_SWING_TARGET: 'ETH/USD',
  CROSS_SWING_REFERENCE: 'BTC/USD',
  CROSS_SWING_RSI_WINDOW: '2',
  CROSS_SWING_FLAT_BARS: '2',
  CROSS_SWING_FLAT_PCT: '1',
};
const strategies = loadStrategies(['RSI_Strategy', 'Cross_Pair_Swing'], ENV);
const analyzer = () => new CrossSectionAnalyzer(SYMBOLS, strategies, MINUTE, (c) => c.closeTime);
// Cross_Pair_Swing (RSI(2) of ETH, BTC flat) BUYs ETH at minute 3 and SELLs it at minute 7.
const TABLE = {
  'ETH/USD': [10, 10, 10, 9, 8, 7, 8, 9, 10, 11],
  'BTC/USD': Array<number>(10).fill(100),
  'SOL/USD': Array<number>(10).fill(5),
};
const entry = (candle: Candle): AnalysedCandle => ({ candle, signals: [] });
const brief = (entries: AnalysedCandle[]) =>
  entries.map(
    (e) => `${(e.candle.startTime - T0) / MINUTE}:${e.candle.symbol}:${e.signals.map((s) => s.side).join('')}`,
  );
/** Every candle in market order, and what comes out of the cross-sections for them. */
const run = (candles: Candle[], a = analyzer()) => [...candles.flatMap((c) => a.push(entry(c))), ...a.flush()];
const sorted = (entries: AnalysedCandle[]) =>
  [...entries].sort(
    (x, y) =>
      x.candle.startTime - y.candle.startTime || SYMBOLS.indexOf(x.candle.symbol) - SYMBOLS.indexOf(y.candle.symbol),
  );

describe('CrossSectionAnalyzer', () => {
  it('passes every entry straight through when no multi-symbol strategy runs', () => {
    const a = new CrossSectionAnalyzer(SYMBOLS, loadStrategies(['RSI_Strategy'], {}), MINUTE);
    const [first] = candleBatches(TABLE, T0);
    expect(a.active).toBe(false);
    expect(first!.map((c) => a.push(entry(c)))).toEqual(first!.map((c) => [entry(c)]));
  });

  it('holds an entry until the other symbols it reads have their candle of that time; the others pass', () => {
    const a = analyzer();
    const [eth, btc, sol] = candleBatches(TABLE, T0)[0]!;
    expect(a.symbols).toEqual(['ETH/USD', 'BTC/USD']);
    expect(a.push(entry(eth!))).toEqual([]);
    expect(a.held).toBe(1);
    expect(a.push(entry(sol!))).toEqual([entry(sol!)]);
    expect(brief(a.push(entry(btc!)))).toEqual(['0:ETH/USD:', '0:BTC/USD:']);
    expect(a.held).toBe(0);
  });

  it('attaches each signal to its own symbol’s entry of that time, after the per-symbol ones, contract-valid', () => {
    const candles = candleBatches(TABLE, T0).flat();
    const out = run(candles);
    expect(brief(out).filter((b) => !b.endsWith(':'))).toEqual(['3:ETH/USD:BUY', '7:ETH/USD:SELL']);
    const buy = out.find((e) => e.signals.length > 0)!;
    const existing = { ...buy.signals[0]!, strategy: 'RSI_Strategy', id: 'x'.repeat(32) };
    const [withOwn] = analyzer().push({ candle: buy.candle, signals: [existing] });
    expect(withOwn).toBeUndefined();
    expect(analysedCandleSchema.parse(buy)).toEqual(buy);
    const cross = strategies.find((s) => s.name === 'Cross_Pair_Swing')!;
    expect(buy.signals[0]).toMatchObject({
      id: signalId({
        strategy: cross.name,
        paramsKey: cross.paramsKey,
        symbol: 'ETH/USD',
        interval: '1m',
        openTime: buy.candle.startTime,
      }),
      strategy: 'Cross_Pair_Swing',
      price: buy.candle.close,
      createdAt: buy.candle.closeTime,
    });
    // A per-symbol signal already on the entry stays first.
    const a = analyzer();
    const released = candles.flatMap((c) => a.push(c === buy.candle ? { candle: c, signals: [existing] } : entry(c)));
    expect(released.find((e) => e.candle === buy.candle)!.signals.map((s) => s.strategy)).toEqual([
      'RSI_Strategy',
      'Cross_Pair_Swing',
    ]);
  });

  it('gives a BUY the configured protections (its own prefix over the defaults), measured on its symbol', () => {
    const env = { ...ENV, STOP_LOSS: '2%', CROSS_SWING_TAKE_PROFIT: '5%' };
    const a = new CrossSectionAnalyzer(SYMBOLS, loadStrategies(['Cross_Pair_Swing'], env), MINUTE);
    const candles = candleBatches(TABLE, T0).flat();
    const [buy] = run(candles, a).flatMap((e) => e.signals.filter((s) => s.side === 'BUY'));
    // The BUY at minute 3 is on ETH at 9: 2 % under it, 5 % over it.
    expect(buy).toMatchObject({ symbol: 'ETH/USD', price: '9', stopLoss: '8.82', takeProfit: '9.45' });
  });

  it('releases the same entries whatever order the symbols’ candles are delivered in', () => {
    const batches = candleBatches(TABLE, T0);
    const inOrder = run(batches.flat());
    const bySymbol = run(SYMBOLS.flatMap((s) => batches.flat().filter((c) => c.symbol === s)));
    const reversed = run(batches.flatMap((b) => [...b].reverse()));
    expect(sorted(bySymbol)).toEqual(sorted(inOrder));
    expect(sorted(reversed)).toEqual(sorted(inOrder));
  });

  it('steps a time a symbol has no candle at without it, once that symbol’s next candle is in', () => {
    const table = { ...TABLE, 'BTC/USD': TABLE['BTC/USD'].map((c, i) => (i === 3 ? null : c)) };
    const candles = candleBatches(table, T0).flat();
    const a = analyzer();
    const upTo = candles.findIndex((c) => c.symbol === 'BTC/USD' && c.startTime === T0 + 4 * MINUTE);
    const before = candles.slice(0, upTo).flatMap((c) => a.push(entry(c)));
    expect(brief(before).filter((b) => !b.includes('SOL'))).toHaveLength(2 * 3);
    expect(a.held).toBe(2); // ETH at 3 and at 4: BTC has none at 3, and 4 is not in yet.
    // Without BTC at 3 the market is not known to be flat: the BUY waits for minute 4.
    const out = [...before, ...candles.slice(upTo).flatMap((c) => a.push(entry(c))), ...a.flush()];
    expect(brief(out).filter((b) => !b.endsWith(':'))).toEqual(['4:ETH/USD:BUY', '7:ETH/USD:SELL']);
    expect(out.filter((e) => e.candle.symbol === 'BTC/USD')).toHaveLength(9);
    const bySymbol = run(SYMBOLS.flatMap((s) => candles.filter((c) => c.symbol === s)));
    expect(sorted(bySymbol)).toEqual(sorted(out));
  });

  it('after a restart (warmed on what was analysed, then live) gives the signals of an unbroken run', () => {
    const candles = candleBatches(TABLE, T0).flat();
    const unbroken = run(candles);
    // Written before the restart: through minute 3 for ETH, through 2 for BTC (its 3 was still queued).
    const written = (c: Candle) => c.startTime <= T0 + (c.symbol === 'ETH/USD' ? 3 : 2) * MINUTE;
    for (const order of [SYMBOLS, [...SYMBOLS].reverse()]) {
      const a = analyzer();
      const out: AnalysedCandle[] = [];
      // As the service warms up: symbol by symbol, its stored candles, then what it missed, live.
      for (const symbol of order) {
        for (const c of candles.filter((x) => x.symbol === symbol)) {
          if (written(c)) out.push(...a.warm(symbol, barFromCandle(c)));
          else out.push(...a.push(entry(c)));
        }
      }
      out.push(...a.flush());
      expect(sorted(out)).toEqual(sorted(unbroken.filter((e) => !written(e.candle))));
    }
    // The BUY at 3 was on an ETH entry already written: it is not sent again.
    expect(brief(unbroken.filter((e) => !written(e.candle))).filter((b) => !b.endsWith(':'))).toEqual([
      '7:ETH/USD:SELL',
    ]);
  });

  it('starts afresh when a symbol’s time goes back (a replay started over): what it held goes out as it was', () => {
    const candles = candleBatches(TABLE, T0).flat();
    const a = analyzer();
    const first = candles.filter((c) => c.startTime <= T0 + 5 * MINUTE);
    first.forEach((c) => a.push(entry(c)));
    a.push(entry(candles.find((c) => c.symbol === 'ETH/USD' && c.startTime === T0 + 6 * MINUTE)!));
    // ETH starts again at minute 0: its held minute 6 goes out without cross-section signals.
    expect(brief(a.push(entry(candles[0]!)))).toEqual(['6:ETH/USD:']);
    const again = [...candles.slice(1).flatMap((c) => a.push(entry(c))), ...a.flush()];
    expect(again).toHaveLength(candles.length);
    expect(brief(again).filter((b) => !b.endsWith(':'))).toEqual(['3:ETH/USD:BUY', '7:ETH/USD:SELL']);
  });
});
