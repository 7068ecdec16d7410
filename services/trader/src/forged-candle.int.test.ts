import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseAnalyzerConfig, startAnalyzer, type AnalyzerService } from '@roottrading/analyzer';
import { topics, type Candle } from '@roottrading/contracts';
import { replayCandles } from '@roottrading/strategies/test-support';
import { TEST_REDIS_URL, waitFor } from '@roottrading/testing';
import type { Trader } from './service.js';
import { createHarness, type Harness } from './testing/harness.js';

/**
 * The forgery, through the analyzer and the trader: one candle at price 1 published on the
 * market channel, then a manual order. On main it filled 6 BTC at 1.01 and left the analyzer's last
 * candle time in the year 2100; now the candle checks hold it, the next real candle refuses it, and
 * neither the order nor the analyzer ever sees its price.
 */
const MINUTE = 60_000;
let h: Harness;
let trader: Trader;
let analyzer: AnalyzerService;

beforeAll(async () => {
  h = await createHarness('forged-candle', { CANDLE_MAX_JUMP: '20', DEMO_BALANCES: 'USDC=100000' });
  trader = await h.start();
  const env = {
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: h.testDb.url,
    BUS_NAMESPACE: h.namespace,
    SYMBOLS: 'BTC/USDC',
    ANALYZER_PORT: '0',
    LOG_LEVEL: 'silent',
  };
  analyzer = await startAnalyzer(parseAnalyzerConfig(env), { logger: h.logger, env });
});

afterAll(async () => {
  await analyzer?.stop();
  await h?.close();
});

const publish = (c: Candle) => h.bus.publish(topics.marketData(c.symbol), c);
const stepped = () => trader.runner.state.lastCandles.get('BTC/USDC');

describe('a forged candle on the market channel', () => {
  it('fills no manual order at its price and moves no candle time', async () => {
    const real = replayCandles('BTC/USDC', 21);
    for (const c of real.slice(0, 20)) await publish(c);
    await waitFor(() => stepped()?.openTime === real[19]!.startTime, { what: 'the real candles stepped' });
    const close = real[19]!.close;

    const at = (startTime: number): Candle => ({
      ...real[19]!,
      startTime,
      closeTime: startTime + MINUTE - 1,
      open: '1',
      high: '1',
      low: '1',
      close: '1',
      volume: '1000',
    });
    await publish(at(real[19]!.startTime + MINUTE));
    const y2100 = Date.parse('2100-01-01T00:00:00Z');
    await publish(at(y2100));
    await waitFor(() => analyzer.stats().candlesRefused === 1, { what: 'the price of 1 refused' });

    const res = await h.post(trader, '/trade', { symbol: 'BTCUSDC', side: 'BUY', quantity: '0.1' });
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: { status: string; averagePrice: string } };
    expect(order.status).toBe('filled');
    // The real close and the slippage (0.05 %, on the 0.01 tick), nowhere near 1.01.
    expect(Math.abs(Number(order.averagePrice) - Number(close) * 1.0005)).toBeLessThanOrEqual(0.01);
    expect(analyzer.stats().lastCandleAt['BTC/USDC']).toBe(real[19]!.startTime);

    // The next real candle: the year-2100 candle did not come before it, and is refused too.
    await publish(real[20]!);
    await waitFor(() => stepped()?.openTime === real[20]!.startTime, { what: 'the next real candle stepped' });
    expect(analyzer.stats()).toMatchObject({ candlesRefused: 2, lastCandleAt: { 'BTC/USDC': real[20]!.startTime } });
    expect(stepped()!.close.toFixed()).toBe(real[20]!.close);
    const trades = await h.testDb.db.selectFrom('trades').select('price').execute();
    expect(trades.map((t) => Number(t.price) > 1000)).toEqual([true]);
  });
});
