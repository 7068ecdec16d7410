/**
 * `pnpm bench:engine` — the trading engine alone, in one process: how many analysed candles per
 * second it steps, with 100 symbols in SYMBOLS order, a seeded random walk, and signals on some
 * closes (BUYs with a stop, a target and a trailing stop; SELLs), every signal allowed to fill.
 * No I/O: this is the ceiling the trader and the backtester build on.
 */
import { dec } from '@roottrading/accounting';
import { TradingEngine, type CandleEvent, type EngineSignal } from '@roottrading/engine';
import { testConfig } from '@roottrading/engine/testing';

const SYMBOLS = Array.from({ length: 100 }, (_, i) => `B${String(i).padStart(3, '0')}/USDC`);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 600);
const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

const base = testConfig({ symbols: SYMBOLS });
const config = testConfig({
  symbols: SYMBOLS,
  limits: { ...base.limits, sizing: { ...base.limits.sizing, fixedQuantity: dec('0.1') } },
  lossLimits: { dailyLossPct: dec(50), maxDrawdownPct: dec(80) },
  startingBalances: new Map([['USDC', dec(10_000_000)]]),
});

/** A seeded generator (mulberry32): the same candles every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function entries(): CandleEvent[] {
  const rnd = random(42);
  const prices = SYMBOLS.map(() => 1000);
  const out: CandleEvent[] = [];
  for (let m = 0; m < MINUTES; m++) {
    SYMBOLS.forEach((symbol, i) => {
      const open = prices[i]!;
      const close = Math.max(10, Math.round(open * (1 + (rnd() - 0.5) * 0.01) * 100) / 100);
      prices[i] = close;
      const openTime = T0 + m * MINUTE;
      const roll = rnd();
      const signals: EngineSignal[] =
        roll < 0.05
          ? [
              {
                id: `s-${symbol}-${m}`,
                strategy: 'rsi',
                symbol,
                side: 'BUY',
                candleOpenTime: openTime,
                protection: {
                  stopLoss: (close * 0.98).toFixed(2),
                  takeProfit: (close * 1.03).toFixed(2),
                  trailingStop: { type: 'percent', value: '0.015' },
                },
              },
            ]
          : roll < 0.1
            ? [{ id: `s-${symbol}-${m}`, strategy: 'rsi', symbol, side: 'SELL', candleOpenTime: openTime }]
            : [];
      out.push({
        type: 'candle',
        at: openTime + MINUTE - 1,
        candle: {
          symbol,
          openTime,
          closeTime: openTime + MINUTE - 1,
          open: dec(open),
          high: dec(Math.max(open, close) * 1.002).toDecimalPlaces(2),
          low: dec(Math.min(open, close) * 0.998).toDecimalPlaces(2),
          close: dec(close),
        },
        signals,
      });
    });
  }
  return out;
}

const events = entries();
const engine = TradingEngine.create(config);
const started = process.hrtime.bigint();
let trades = 0;
let orders = 0;
for (const e of events) {
  for (const o of engine.step(e)) {
    if (o.type === 'trade') trades++;
    else if (o.type === 'order') orders++;
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`engine: ${SYMBOLS.length} symbols × ${MINUTES} minutes = ${events.length} analysed candles`);
console.log(
  `  ${Math.round(events.length / seconds)} candles/s   ${orders} orders, ${trades} trades   ${seconds.toFixed(2)} s`,
);
