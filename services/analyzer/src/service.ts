import { AnalysedCandleAppender, Bus, ProgressCounter } from '@roottrading/bus';
import { KEY, intervalToMs, topics, type AnalysedCandle, type Candle } from '@roottrading/contracts';
import { createDb, pingDb, storeAnalysed } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { boundPort, closeServer, createApp, finishApp, listen, mountHealth, mountSettings } from '@roottrading/service';
import {
  CrossSectionAnalyzer,
  SymbolAnalyzer,
  loadStrategySet,
  protectionView,
  strategiesFor,
  type LoadedStrategy,
} from '@roottrading/strategies';
import { CandleHandler, type CandleStats } from './candle-handler.js';
import type { AnalyzerConfig } from './config.js';
import { mountRoutes } from './http-routes.js';
import { unanalysedCandles } from './repositories/unanalysed.js';
import { resumePoints } from './resume.js';
import { StoredCandles, type WarmTarget } from './stored-candles.js';
import { warmUp } from './warm-up.js';

/** How long a stop keeps analysing candles that are still arriving (stopOnSignals exits after 9 s). */
const DRAIN_LIMIT_MS = 5_000;
/** The signal stream's cap (approximate trimming). */
const SIGNAL_STREAM_MAX_LEN = 100_000;

export interface StartAnalyzerOptions {
  logger: Logger;
  /** Where strategy parameters (RSI_WINDOW, …) are read from; process.env by default. */
  env?: Record<string, string | undefined>;
}

export interface AnalyzerStats extends CandleStats {
  warmupCandles: number;
  signalsEmitted: number;
  signalsLost: number;
  analysedCandlesAppended: number;
  analysedCandlesLost: number;
}

export interface AnalyzerService {
  /** The bound HTTP port (the real one when ANALYZER_PORT is 0). */
  port: number;
  strategies: readonly LoadedStrategy[];
  stats(): AnalyzerStats;
  /** Finishes the candles received so far, flushes the progress counter, closes everything. */
  stop(): Promise<void>;
}

export async function startAnalyzer(config: AnalyzerConfig, opts: StartAnalyzerOptions): Promise<AnalyzerService> {
  const { logger } = opts;
  // Parameters first: a bad RSI_WINDOW stops the service before it connects anywhere.
  const strategies = loadStrategySet(config.STRATEGIES, opts.env ?? process.env);
  logger.info(
    {
      strategies: strategies.map((s) => ({ name: s.name, params: s.params, protection: protectionView(s.protection) })),
    },
    `Strategies loaded: ${strategies.map((s) => s.name).join(', ')}`,
  );

  const db = createDb(config.DATABASE_URL, { logger, max: 4 });
  const bus = new Bus({ url: config.REDIS_URL, namespace: config.BUS_NAMESPACE, secret: config.BUS_SECRET, logger });
  // Its own connection, so the last count can still be sent after bus.close() has drained the candles.
  const progressRedis = bus.redis.duplicate();
  progressRedis.on('error', (err: Error) => logger.debug({ err: err.message }, 'progress redis error'));
  const progress = new ProgressCounter(progressRedis, bus.key(KEY.analyzerProgress), logger);
  // Each burst's signals are stored, then its entries and the signals' stream and pub/sub copies go
  // out in one pipeline; the gateway's pacer counts a candle once its entry is written, so an
  // outage of either holds the feed instead of piling entries up here.
  const entries = new AnalysedCandleAppender(bus, logger, {
    redis: progressRedis,
    signalStreamMaxLen: SIGNAL_STREAM_MAX_LEN,
    // The signals and the entries themselves (the stream's outbox) in one transaction, before the
    // stream: whatever Redis loses, the trader can still step from PostgreSQL.
    beforeWrite: (batch) => storeAnalysed(db, batch),
    onWritten: (n) => progress.add(n),
  });

  let stopDeadline: number | undefined;
  let droppedAtStop = 0;
  const intervalMs = intervalToMs(config.INTERVAL);
  const analyzers = new Map(
    config.SYMBOLS.map((s) => [s, new SymbolAnalyzer(s, strategiesFor(s, strategies), intervalMs)]),
  );
  // Multi-symbol strategies: each entry waits here until every symbol they read has its candle at that
  // time in (or a later one), then goes out with their signals; the backtester steps the same code.
  const crossSection = new CrossSectionAnalyzer(config.SYMBOLS, strategies, intervalMs);
  const sections = { append: (entry: AnalysedCandle) => crossSection.push(entry).forEach((e) => entries.append(e)) };
  // Warm-up bars move the cross-sections on too, so a restart rebuilds their state as an unbroken run's.
  const warmTargets: WarmTarget[] = [...analyzers.values()].map((a) => ({
    symbol: a.symbol,
    get lastStartTime() {
      return a.lastStartTime;
    },
    warm(bar) {
      a.warm(bar);
      crossSection.warm(a.symbol, bar).forEach((e) => entries.append(e));
    },
  }));
  const handler = new CandleHandler(analyzers, config.INTERVAL, sections, logger, {
    intervalMs,
    maxJumpPct: config.CANDLE_MAX_JUMP,
  });
  const stored = new StoredCandles({ db, interval: config.INTERVAL, intervalMs, logger });
  // A hole before a live candle is analysed from the stored candles first; while PostgreSQL is
  // down that is retried, never skipped (the candle waits, as its signals could not be stored anyway).
  const fillGap = async (symbol: string, candle: Candle) => {
    const analyzer = warmTargets.find((a) => a.symbol === symbol);
    if (!analyzer || candle.symbol !== symbol || candle.interval !== config.INTERVAL) return;
    for (let failures = 0; ; failures++) {
      try {
        return await stored.fillGap(analyzer, candle, (c) => handler.handle(symbol, c, false));
      } catch (err) {
        if (failures === 0)
          logger.warn({ err: (err as Error).message, symbol }, 'reading missed candles failed; retrying');
        if (stopDeadline !== undefined) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  let warmupCandles = 0;
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  let warmedUp!: () => void;
  const ready = new Promise<void>((resolve) => (warmedUp = resolve));

  const closeConnections = async () => {
    await bus.close();
    await entries.close();
    await progress.close();
    progressRedis.disconnect();
    await db.destroy();
  };

  try {
    // Subscribe before the warm-up reads the table, and hold candles until it is done: a candle
    // published meanwhile waits in the bus's queue instead of being missed (if it was also stored,
    // the warm-up saw it and it is skipped as already handled).
    for (const symbol of config.SYMBOLS) {
      await bus.subscribe(topics.marketData(symbol), async (candle) => {
        await ready;
        if (stopDeadline !== undefined && Date.now() > stopDeadline) {
          // A feed that never pauses must not keep a stopping analyzer busy past its grace period.
          droppedAtStop++;
          return;
        }
        let finished = 1;
        try {
          // An impossible candle, or one dated after the wall clock (no gateway has stored the candles
          // before it; the checks refuse or hold it), never sends the catch-up waiting for a hole.
          if (!handler.impossible(candle) && candle.closeTime <= Date.now()) await fillGap(symbol, candle);
          finished = handler.handle(symbol, candle);
        } finally {
          // A candle with no entry to write is counted now, even if handling threw: the gateway
          // paces on this and must never wait forever. One with an entry is counted once it is written.
          if (finished > 0) progress.add(finished);
        }
      });
    }
    const longest = Math.max(...strategies.map((s) => s.warmupCandles));
    const resumeAt = await resumePoints(bus, db, config.SYMBOLS);
    warmupCandles = await warmUp(db, warmTargets, config.INTERVAL, longest, logger, {
      resumeAt,
      stored,
      analyse: (c) => handler.handle(c.symbol, c, false),
      warmed: (last) => handler.seed(last),
    });
    handler.refreshLastCandles();
    warmedUp();

    const app = createApp(logger, config);
    mountSettings(app, {
      service: 'analyzer',
      config,
      strategies: () =>
        strategies.map((s) => ({ name: s.name, params: s.params, protection: protectionView(s.protection) })),
    });
    mountHealth(app, {
      service: 'analyzer',
      redis: () => bus.ping(),
      postgres: () => pingDb(db),
      details: async () => ({
        ...healthDetails(),
        candlesUnanalysed: await unanalysedCandles(db, config.SYMBOLS, config.INTERVAL).catch(() => null),
      }),
    });
    mountRoutes(app, { db, symbols: config.SYMBOLS, strategies });
    finishApp(app, logger);
    server = await listen(app, config.ANALYZER_PORT, config.HTTP_HOST);
  } catch (err) {
    // Release any candle waiting for the warm-up (dropped, as the start failed) so the bus can drain.
    stopDeadline = 0;
    warmedUp();
    await closeConnections().catch(() => undefined);
    throw err;
  }

  const stats = (): AnalyzerStats => ({
    ...handler.stats,
    lastCandleAt: { ...handler.stats.lastCandleAt },
    warmupCandles,
    signalsEmitted: entries.signalsAppended,
    signalsLost: entries.signalsLost,
    analysedCandlesAppended: entries.appended,
    analysedCandlesLost: entries.lost,
  });

  function healthDetails() {
    const s = stats();
    return {
      strategies: strategies.map((st) => ({ name: st.name, params: st.params })),
      symbols: config.SYMBOLS,
      interval: config.INTERVAL,
      candlesProcessed: s.candlesProcessed,
      candlesSkipped: s.candlesSkipped,
      candlesIgnored: s.candlesIgnored,
      candlesRefused: s.candlesRefused,
      candlesHeld: handler.held,
      candlesConfirmed: s.candlesConfirmed,
      warmupCandles: s.warmupCandles,
      candlesCaughtUp: stored.caughtUp,
      // GAP_FILL=flat: base candles made up for minutes no candle came for.
      candlesFilled: [...analyzers.values()].reduce((n, a) => n + a.filledCandles, 0),
      seriesResets: s.seriesResets,
      signalsEmitted: s.signalsEmitted,
      signalsLost: s.signalsLost,
      analysedCandlesAppended: s.analysedCandlesAppended,
      analysedCandlesPending: entries.pending,
      // Entries a multi-symbol strategy holds until the other symbols' candles of their time are in.
      analysedCandlesHeld: crossSection.held,
      analysedCandlesLost: s.analysedCandlesLost,
      invalidMessages: bus.invalidCount,
      signatureRejects: bus.signatureRejects,
      lastCandleAt: Object.fromEntries(
        Object.entries(s.lastCandleAt).map(([symbol, t]) => [symbol, t === null ? null : new Date(t).toISOString()]),
      ),
    };
  }

  const port = boundPort(server);
  logger.info(
    { port, host: config.HTTP_HOST, symbols: config.SYMBOLS, interval: config.INTERVAL },
    'analyzer listening',
  );

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      stopDeadline = Date.now() + DRAIN_LIMIT_MS;
      if (server) await closeServer(server);
      // bus.close() drains: every candle already received is analysed and its signals published.
      await closeConnections();
      if (droppedAtStop > 0)
        logger.warn({ candles: droppedAtStop }, 'candles still arriving while stopping were not analysed');
    })();
    return stopped;
  };

  return { port, strategies, stats, stop };
}
