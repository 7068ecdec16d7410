import {
  databaseFeed,
  fileFeed,
  resolveSetup,
  syntheticFeed,
  type CandleFeed,
  type Period,
} from '@roottrading/backtest';
import { ConfigError } from '@roottrading/config';
import {
  intervalToMs,
  resolveSymbol,
  type BacktestCandles,
  type BacktestCandlesQuery,
  type Candle,
} from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { ReplayConfigError } from '@roottrading/market-data';
import { HttpError } from '@roottrading/service';
import { runEnv, runPeriod, timeOf, type StoredRequest } from './run-settings.js';

/**
 * A page of the candles a run stepped through for one of its symbols: the same source, settings
 * and period as the run (its stored request in this service's `runEnv`, as a worker reads them), so
 * a chart of them is the chart the strategies saw. The run's trades are added by the caller.
 */
export async function runCandles(
  db: Db,
  env: Record<string, string | undefined>,
  request: StoredRequest,
  query: BacktestCandlesQuery,
): Promise<Omit<BacktestCandles, 'trades'>> {
  const runAs = runEnv(env, request.settings);
  const { settings } = await readable(() => resolveSetup(runAs));
  const symbol = resolveSymbol(query.symbol, settings.SYMBOLS);
  if (!symbol) {
    throw new HttpError(
      400,
      `invalid query: symbol "${query.symbol.slice(0, 40)}" is not one of the run's symbols (${settings.SYMBOLS.join(', ')})`,
      [{ field: 'symbol', message: `must be one of ${settings.SYMBOLS.join(', ')}` }],
    );
  }
  const since = query.from === undefined ? -Infinity : timeOf(query.from);
  const period = runPeriod(request);
  const intervalMs = intervalToMs(settings.INTERVAL);
  const feed = await readable(() =>
    feedOf(db, runAs, request.source, symbol, settings.INTERVAL, intervalMs, period, since),
  );
  const candles: Candle[] = [];
  let next: string | null = null;
  for await (const batch of feed.batches) {
    const candle = batch.find((c) => c.symbol === symbol);
    if (!candle || candle.startTime < since) continue;
    if (candles.length === query.limit) {
      next = new Date(candle.startTime).toISOString();
      break;
    }
    candles.push(candle);
  }
  return {
    symbol,
    interval: settings.INTERVAL,
    source: feed.source,
    candles: candles.map(({ startTime, closeTime, open, high, low, close, volume }) => ({
      startTime,
      closeTime,
      open,
      high,
      low,
      close,
      volume,
    })),
    next,
  };
}

/** One symbol's feed. Files and the database start at `since`; the synthetic walk starts where the run's did (another start is another walk), and the caller skips to `since`. */
function feedOf(
  db: Db,
  env: Record<string, string | undefined>,
  source: StoredRequest['source'],
  symbol: string,
  interval: string,
  intervalMs: number,
  period: Period,
  since: number,
): Promise<CandleFeed> | CandleFeed {
  const from = Math.max(period.from ?? -Infinity, since);
  const narrowed: Period = { ...period, ...(Number.isFinite(from) ? { from } : {}) };
  switch (source) {
    case 'files':
      if (!env.REPLAY_DIR)
        throw new ConfigError("this backtest service has no REPLAY_DIR to read the run's candle files from");
      return fileFeed(env.REPLAY_DIR, [symbol], interval, intervalMs, narrowed);
    case 'synthetic':
      return syntheticFeed(env, [symbol], interval, intervalMs, period);
    case 'database':
      return databaseFeed(db, [symbol], interval, intervalMs, narrowed);
  }
}

/**
 * The run's source as this service can read it; settings or files it cannot read (another
 * REPLAY_DIR, a changed markets file) are a 409: the request is fine, this service cannot serve it.
 */
async function readable<T>(read: () => T | Promise<T>): Promise<Awaited<T>> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ReplayConfigError) {
      throw new HttpError(409, `cannot read this run's candles here: ${err.message.replace(/^config: /, '')}`);
    }
    throw err;
  }
}
