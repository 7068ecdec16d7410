/**
 * The trader alone on a backlog: the analysed-candle stream is filled before the trader starts,
 * every candle carrying one signal that fills (each symbol alternates BUY and SELL), and the
 * trader's drain is timed from its first stepped candle to its last. This is the trader's own
 * capacity, which the pipeline phase cannot show: there the analyzer produces a signal on about one
 * candle in eight.
 */
import { randomBytes } from 'node:crypto';
import { AnalysedCandleAppender, Bus } from '@roottrading/bus';
import type { AnalysedCandle, Signal } from '@roottrading/contracts';
import { storeAnalysed } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { freePort, spawnService, TEST_REDIS_URL } from '@roottrading/testing';
import { benchSecret, dropDatabase, freshDatabase, secretEnv, traderBenchEnv } from './stack.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 1);

function entryOf(symbol: string, i: number, price: number): AnalysedCandle {
  const startTime = START + i * MINUTE;
  const close = price.toFixed(2);
  const signal: Signal = {
    id: `bench-${symbol}-${startTime}`,
    strategy: 'rsi',
    symbol,
    interval: '1m',
    side: i % 2 === 0 ? 'BUY' : 'SELL',
    timestamp: startTime,
    price: close,
    metadata: {},
    createdAt: startTime + MINUTE,
  };
  return {
    candle: {
      symbol,
      interval: '1m',
      startTime,
      closeTime: startTime + MINUTE - 1,
      open: close,
      high: (price * 1.001).toFixed(2),
      low: (price * 0.999).toFixed(2),
      close,
      volume: '10',
      source: 'synthetic',
    },
    signals: [signal],
  };
}

export interface BacklogResult {
  entries: number;
  candlesPerSecond: number;
  ordersPerSecond: number;
  orders: number;
}

export async function traderOnBacklog(opts: {
  symbols: readonly string[];
  perSymbol: number;
  marketsFile: string;
  logger: Logger;
  keep: boolean;
}): Promise<BacklogResult> {
  const { url, db } = await freshDatabase('backlog');
  const namespace = `bench:${randomBytes(4).toString('hex')}:`;
  const bus = new Bus({ url: TEST_REDIS_URL, namespace, logger: opts.logger, secret: benchSecret });
  const appender = new AnalysedCandleAppender(bus, opts.logger);
  const prices = opts.symbols.map(() => 100);
  let entries = 0;
  for (let i = 0; i < opts.perSymbol; i++) {
    const minute: AnalysedCandle[] = opts.symbols.map((symbol, k) => {
      prices[k] = prices[k]! * (1 + (((i * 7919 + k * 104729) % 200) - 100) / 100_000);
      return entryOf(symbol, i, prices[k]!);
    });
    // Stored as the analyzer stores them (signals and outbox), before they go on the stream.
    await storeAnalysed(db, minute);
    for (const entry of minute) appender.append(entry);
    entries += minute.length;
  }
  await appender.close();

  const port = await freePort();
  const trader = await spawnService('trader', port, {
    DATABASE_URL: url,
    REDIS_URL: TEST_REDIS_URL,
    BUS_NAMESPACE: namespace,
    SYMBOLS: opts.symbols.join(','),
    INTERVAL: '1m',
    LOG_LEVEL: 'warn',
    TRADER_PORT: String(port),
    ...traderBenchEnv(opts.marketsFile),
    ...secretEnv(),
  });
  const stepped = async () =>
    ((await (await fetch(trader.url('/health'))).json()) as { details: { candlesStepped?: number } }).details
      .candlesStepped ?? 0;
  let first: { at: number; n: number } | undefined;
  let last = { at: performance.now(), n: 0 };
  const deadline = Date.now() + 600_000;
  while (last.n < entries && Date.now() < deadline) {
    const n = await stepped();
    last = { at: performance.now(), n };
    if (!first && n > 0) first = last;
    await new Promise((r) => setTimeout(r, 100));
  }
  const orders = Number(
    (
      await db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  await trader.stop();
  await bus.close();
  await db.destroy();
  if (!opts.keep) await dropDatabase(url);
  const seconds = first ? (last.at - first.at) / 1_000 : NaN;
  const measured = first ? last.n - first.n : 0;
  return {
    entries,
    candlesPerSecond: measured / seconds,
    // Every entry carries one signal and each is allowed to fill: orders in the window as candles.
    ordersPerSecond: (measured * orders) / Math.max(1, last.n) / seconds,
    orders,
  };
}
