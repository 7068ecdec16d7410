import { describe, expect, it } from '@jest/globals';
import { ANALYSED_FIELD, type Bus } from '@roottrading/bus';
import { analysedCandleSchema, KEY, topics, type Candle } from '@roottrading/contracts';
import { replayCandles } from '@roottrading/strategies/test-support';
import { waitFor, type TestDatabase } from '@roottrading/testing';
import type { AnalyzerService } from './service.js';
import { useAnalyzer } from './testing/analyzer-under-test.js';

const MINUTE = 60_000;

let tdb: TestDatabase;
let bus: Bus;
let svc: AnalyzerService;

useAnalyzer('candle-checks', { SYMBOLS: 'BTC/USDC' }, (a) => ({ tdb, bus, svc } = a));

const entries = async () =>
  (await bus.redis.xrange(bus.key(KEY.analysedCandleStream), '-', '+')).map(([, fields]) =>
    analysedCandleSchema.parse(JSON.parse(fields[fields.indexOf(ANALYSED_FIELD) + 1]!)),
  );
const stored = async () =>
  Number((await tdb.db.selectFrom('signals').select(tdb.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const progress = async () => Number((await bus.redis.get(bus.key(KEY.analyzerProgress))) ?? 0);
const publish = (c: Candle) => bus.publish(topics.marketData(c.symbol), c);

describe('analyzer candle checks', () => {
  it('refuses forged and impossible candles before any strategy sees them: counted, logged, nothing written', async () => {
    const real = replayCandles('BTC/USDC', 40);
    for (const c of real.slice(0, 30)) await publish(c);
    await waitFor(async () => (await entries()).length === 30, { what: 'the real candles analysed' });
    const signalsBefore = await stored();
    const last = real[29]!;
    const next = (i: number, o: Partial<Candle>): Candle => ({
      ...last,
      startTime: last.startTime + i * MINUTE,
      closeTime: last.closeTime + i * MINUTE,
      ...o,
    });
    const y2100 = Date.parse('2100-01-01T00:00:00Z');
    const forged = [
      // A price of 1, as a forger on Redis would send before a manual order: held, then refused.
      next(1, { open: '1', high: '1', low: '1', close: '1' }),
      next(1, { high: '20000', low: '30000' }),
      next(1, { low: '-5' }),
      { ...next(1, {}), startTime: last.startTime + MINUTE + 30_000, closeTime: last.closeTime + MINUTE + 30_000 },
      // Exchange prices are checked against the wall clock: the year 2100 has not come.
      next(1, { source: 'ccxt:binance', startTime: y2100, closeTime: y2100 + MINUTE - 1 }),
    ];
    for (const c of forged) await publish(c);
    // The next real candle does not confirm the price of 1.
    for (const c of real.slice(30)) await publish(c);
    await waitFor(async () => (await progress()) === 45, { what: 'every candle counted for the gateway' });
    await waitFor(async () => (await entries()).length === 40, { what: 'the real candles after the forged ones' });

    const written = await entries();
    expect(written.map((e) => e.candle.startTime)).toEqual(real.map((c) => c.startTime));
    expect(written.every((e) => Number(e.candle.low) > 1000)).toBe(true);
    expect(svc.stats()).toMatchObject({ candlesRefused: 5, candlesProcessed: 40 });
    expect(svc.stats().lastCandleAt['BTC/USDC']).toBe(real[39]!.startTime);
    // The outbox holds the real candles alone, and no signal came of a refused one.
    const outbox = await tdb.db.selectFrom('analysed_candles').select('open_time').orderBy('open_time').execute();
    expect(outbox.map((r) => r.open_time.getTime())).toEqual(real.map((c) => c.startTime));
    const signalTimes = await tdb.db.selectFrom('signals').select('candle_time').execute();
    expect(signalTimes.every((r) => real.some((c) => c.startTime === r.candle_time.getTime()))).toBe(true);
    expect(await stored()).toBeGreaterThanOrEqual(signalsBefore);

    const health = (await (await fetch(`http://127.0.0.1:${svc.port}/health`)).json()) as {
      details: { candlesRefused: number; candlesHeld: number; lastCandleAt: Record<string, string> };
    };
    expect(health.details).toMatchObject({ candlesRefused: 5, candlesHeld: 0 });
    expect(health.details.lastCandleAt['BTC/USDC']).toBe(new Date(real[39]!.startTime).toISOString());
  });
});
