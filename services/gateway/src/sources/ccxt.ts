import type { Exchange } from 'ccxt';
import type { Logger } from '@roottrading/logger';
import { errorMessage, Sleeper } from '../sleeper.js';
import { backoffDelay } from './backoff.js';
import { createExchange, ensureMarkets } from './ccxt-exchange.js';
import { ClosedCandleTracker, ohlcvToCandle, type Ohlcv } from './closed-candles.js';
import { FeedState, type CandleSource, type Emit, type FeedStatus } from './source.js';

export interface CcxtSourceOptions {
  exchange: string;
  symbols: readonly string[];
  interval: string;
  intervalMs: number;
  /** Deep-merged into ccxt's `urls` (CCXT_URLS_JSON). */
  urls?: Record<string, unknown>;
  /** False: REST polling only. */
  websocket: boolean;
  pollMs: number;
  backoffMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
  logger: Logger;
}

/** binance and most exchanges answer at most 1000 candles per klines request. */
const PAGE = 1_000;

/**
 * Live candles from an exchange through ccxt: `watchOHLCV` over websockets, REST `fetchOHLCV`
 * polling while websockets fail. Every (re)connection first fills the gap since the last emitted
 * candle from REST; the per-symbol tracker makes sure no candle is emitted twice.
 */
export class CcxtSource implements CandleSource {
  readonly name: string;
  private exchange: Exchange | undefined;
  private streaming = false;
  private readonly trackers = new Map<string, ClosedCandleTracker>();
  private readonly feed = new FeedState();
  private readonly sleeper = new Sleeper();
  private readonly logger: Logger;
  private stopping = false;
  private lastWsError: string | undefined;
  private loop: Promise<void> | undefined;
  private emit: Emit = async () => {};

  constructor(private readonly opts: CcxtSourceOptions) {
    this.name = `ccxt:${opts.exchange}`;
    this.logger = opts.logger.child({ module: 'ccxt', exchange: opts.exchange });
    for (const symbol of opts.symbols) this.trackers.set(symbol, new ClosedCandleTracker());
  }

  async start(emit: Emit): Promise<void> {
    const { exchange, streaming } = await createExchange({
      id: this.opts.exchange,
      urls: this.opts.urls,
      timeoutMs: this.opts.timeoutMs,
    });
    if (exchange.timeframes && !(this.opts.interval in exchange.timeframes)) {
      throw new Error(
        `INTERVAL ${this.opts.interval} is not a timeframe ${exchange.id} offers (${Object.keys(exchange.timeframes).join(', ')})`,
      );
    }
    this.exchange = exchange;
    this.streaming = streaming && this.opts.websocket;
    this.emit = emit;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper.wake();
    await this.exchange?.close().catch(() => undefined);
    // A REST request in flight may take up to its timeout; do not hold the shutdown for it.
    await Promise.race([this.loop, new Promise((r) => setTimeout(r, 2_000).unref())]);
  }

  status(): FeedStatus {
    return this.feed.snapshot();
  }

  private async run(): Promise<void> {
    let failures = 0;
    let wsFailures = 0;
    let wsRetryAt = 0;
    while (!this.stopping) {
      try {
        await ensureMarkets(this.exchange!, this.opts.symbols);
        await this.fillFromRest();
      } catch (err) {
        if (this.stopping) break;
        failures++;
        await this.retryLater(failures, err, 'exchange unreachable');
        continue;
      }
      if (failures > 0) this.logger.info({ after: failures }, 'exchange reachable again');
      failures = 0;
      if (!this.streaming || Date.now() < wsRetryAt) {
        this.feed.live('rest', this.lastWsError);
        await this.sleeper.sleep(this.opts.pollMs);
        continue;
      }
      this.feed.live('ws');
      const received = await this.stream();
      if (this.stopping) break;
      if (received) {
        // The stream worked, then dropped: fill the gap from REST and stream again, after a short pause.
        wsFailures = 0;
        await this.retryLater(1, undefined, 'websocket closed; reconnecting', 'ws');
      } else {
        wsFailures++;
        const delay = backoffDelay(wsFailures, this.opts.backoffMs, this.opts.backoffMaxMs);
        wsRetryAt = Date.now() + delay;
        this.logger.warn(
          { attempt: wsFailures, wsRetryAt: new Date(wsRetryAt).toISOString(), err: this.lastWsError },
          'websocket failed; polling REST meanwhile',
        );
      }
    }
  }

  private async retryLater(attempt: number, err: unknown, what: string, mode?: FeedStatus['mode']): Promise<void> {
    const delay = backoffDelay(attempt, this.opts.backoffMs, this.opts.backoffMaxMs);
    const message = err === undefined ? (this.lastWsError ?? what) : errorMessage(err);
    const nextRetryAt = Date.now() + delay;
    this.feed.retrying(message, nextRetryAt, mode);
    this.logger.warn({ attempt, retryInMs: delay, err: message }, what);
    await this.sleeper.sleep(delay);
  }

  /** Streams every symbol until a stream fails (resolves whether anything was received) or stop. */
  private async stream(): Promise<boolean> {
    const exchange = this.exchange!;
    let received = false;
    let failed = false;
    this.lastWsError = undefined;
    const watch = async (symbol: string) => {
      while (!this.stopping && !failed) {
        const rows = await exchange.watchOHLCV(symbol, this.opts.interval);
        received = true;
        await this.handle(symbol, rows);
      }
    };
    await Promise.all(
      this.opts.symbols.map((symbol) =>
        watch(symbol).catch(async (err: unknown) => {
          if (failed) return;
          failed = true;
          this.lastWsError = errorMessage(err);
          // One symbol's stream failing ends the session: close the others so all reconnect together.
          await exchange.close().catch(() => undefined);
        }),
      ),
    );
    return received;
  }

  /** Fetches what was missed since the last candle (on first contact: only the candle now open). */
  private async fillFromRest(): Promise<void> {
    const exchange = this.exchange!;
    for (const symbol of this.opts.symbols) {
      const tracker = this.trackers.get(symbol)!;
      let since = tracker.resumeFrom(this.opts.intervalMs);
      if (since === undefined) {
        await this.handle(symbol, await exchange.fetchOHLCV(symbol, this.opts.interval, undefined, 1));
        continue;
      }
      for (;;) {
        if (this.stopping) return;
        const rows = await exchange.fetchOHLCV(symbol, this.opts.interval, since, PAGE);
        await this.handle(symbol, rows);
        const next = tracker.resumeFrom(this.opts.intervalMs);
        if (rows.length < PAGE || next === undefined || next <= since) break;
        since = next;
      }
    }
  }

  private async handle(symbol: string, rows: readonly Ohlcv[]): Promise<void> {
    const tracker = this.trackers.get(symbol)!;
    for (const row of tracker.push(rows)) {
      if (this.stopping) return;
      const candle = ohlcvToCandle(row, symbol, this.opts.interval, this.opts.intervalMs, this.name);
      await this.emit([candle]);
      this.feed.candle(candle);
    }
  }
}
