import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { upsertCandles, type NewCandle } from '@roottrading/db';
import { waitFor } from '@roottrading/testing';
import { DemoAccount } from '../account/demo-account.js';
import { loadMarkets } from '../markets/markets.js';
import { candle, createHarness, makeSignal, plain, type Harness } from '../testing/harness.js';
import { CandleBuffer } from './candle-buffer.js';

/**
 * A trader far behind the market: the candles after its entry have left the in-memory buffer.
 * The monitor reads them from the candles table, so the stop is still hit where it was crossed.
 */
let h: Harness;
const MIN = 60_000;
const T0 = Date.UTC(2025, 6, 1, 8, 0);

beforeAll(async () => {
  h = await createHarness('trader-missed', { SLIPPAGE: '0', TRADE_QUANTITY: '0.01' });
});

afterAll(async () => {
  await h?.close();
});

describe('a lagging position monitor', () => {
  it('checks a new position against stored candles the buffer no longer holds', async () => {
    const bars: [string, string, string][] = [
      ['50000', '50100', '49900'],
      ['49900', '50000', '48800'], // crosses the 49000 stop
      ['49000', '49300', '48500'],
      ['49200', '49400', '49100'],
      ['49300', '49500', '49200'],
    ];
    const candles = bars.map(([open, high, low], i) => ({
      ...candle('BTC/USDC', open, T0 + (i + 1) * MIN),
      open,
      high,
      low,
    }));
    const rows: NewCandle[] = candles.map((c) => ({
      symbol: c.symbol,
      interval: c.interval,
      open_time: new Date(c.startTime),
      close_time: new Date(c.closeTime),
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      volume: c.volume,
      source: c.source,
    }));
    await upsertCandles(h.testDb.db, rows);

    const account = new DemoAccount({
      db: h.testDb.db,
      config: h.config(),
      markets: loadMarkets(),
      logger: h.logger,
      candles: new CandleBuffer(2), // keeps only the last two candles
    });
    await account.seedIfEmpty();
    for (const c of candles) account.onCandle(c);
    await account.queue.idle();

    const buy = makeSignal({ strategy: 'Behind', price: '50000', timestamp: T0, stopLoss: '49000' });
    const [outcome] = await account.handleSignals([buy]);
    expect(outcome).toMatchObject({ kind: 'recorded', result: { order: { status: 'filled' } } });

    const exit = await waitFor(
      () =>
        h.testDb.db
          .selectFrom('trades')
          .selectAll()
          .where('strategy', '=', 'Behind')
          .where('side', '=', 'SELL')
          .executeTakeFirst(),
      { what: 'the stop-loss exit' },
    );
    expect({ price: plain(exit.price), reason: exit.exit_reason, time: exit.timestamp.getTime() }).toEqual({
      price: '49000',
      reason: 'stop_loss',
      time: T0 + 3 * MIN - 1,
    });
    expect(account.stats.protectiveExits).toBe(1);
    await account.stop();
  });
});
