import type { ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { Bus, closeRedis } from '@roottrading/bus';
import {
  CHANNEL,
  candleSchema,
  topics,
  type BalancesMessage,
  type Candle,
  type Signal,
  type TotalBalanceMessage,
} from '@roottrading/contracts';
import type { Logger } from '@roottrading/logger';
import {
  LIVE_PING_MS,
  LIVE_THROTTLE_MS,
  type LiveEventMap,
  type LiveEventName,
  type RedisState,
} from '../src/live/events.js';
import { Batcher, LatestPerKey } from './throttle.js';

export interface LiveHubOptions {
  redisUrl: string;
  namespace: string;
  /** BUS_SECRET: what the services sign with; messages without its signature are not relayed. */
  secret?: string | undefined;
  logger: Logger;
  throttleMs?: number;
  pingMs?: number;
}

export interface LiveHub {
  /** GET /api/events: a text/event-stream that stays open. */
  handle(req: Request, res: Response): void;
  /** For the web process's /health. */
  describe(): { redis: RedisState; clients: number; signatureRejects: number };
  stop(): Promise<void>;
}

/** Most signals one batch carries; the page reloads the list from the analyzer when more were dropped. */
const SIGNAL_BATCH_CAP = 100;
/** Most candles one event carries; a larger burst goes out as several events, none left out. */
const CANDLE_BATCH_CAP = 5_000;
/** A browser that has not read this much of its stream is too slow: it is cut off and reconnects to a snapshot. */
const MAX_BUFFERED_BYTES = 1_000_000;
/** How often the Redis connection's state is looked at, to tell the pages when live data stops. */
const REDIS_CHECK_MS = 2_000;

/**
 * Pushes what happens on the bus to every open page: the web process subscribes to Redis once
 * and fans out to the browsers over server-sent events on its own origin. Candles and signals go
 * out in batches every `throttleMs` — every closed candle, none skipped however many arrive — and balances throttled
 * to the latest value. A page that connects (or reconnects) first gets the latest of each, so it
 * never waits for the next one.
 */
export function startLiveHub(opts: LiveHubOptions): LiveHub {
  const { logger } = opts;
  const log = logger.child({ part: 'live' });
  const throttleMs = opts.throttleMs ?? LIVE_THROTTLE_MS;
  const clients = new Set<ServerResponse>();
  const bus = new Bus({ url: opts.redisUrl, namespace: opts.namespace, secret: opts.secret, logger: log });

  // The latest of everything, for pages that connect later.
  const latestCandles = new Map<string, Candle>();
  let latestBalances: BalancesMessage | undefined;
  let latestTotals: TotalBalanceMessage | undefined;

  const broadcast = <E extends LiveEventName>(event: E, data: LiveEventMap[E]) => {
    const frame = encode(event, data);
    for (const res of clients) write(res, frame);
  };

  const write = (res: ServerResponse, frame: string) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      log.warn({ buffered: res.writableLength }, 'live client too slow; closing its stream (it reconnects)');
      res.end();
      clients.delete(res);
      return;
    }
    res.write(frame);
  };

  // Coalesced, never dropped: a closed candle left out is a gap on the chart and its signals unmarked.
  const candles = new Batcher<Candle>(
    throttleMs,
    CANDLE_BATCH_CAP,
    (batch, dropped) => broadcast('candles', { candles: batch, dropped }),
    Date.now,
    'split',
  );
  const account = new LatestPerKey<BalancesMessage | TotalBalanceMessage>(throttleMs, (key, message) => {
    if (key === 'balances') broadcast('balances', message as BalancesMessage);
    else broadcast('total_balance', message as TotalBalanceMessage);
  });
  const signals = new Batcher<Signal>(throttleMs, SIGNAL_BATCH_CAP, (batch, dropped) =>
    broadcast('signals', { signals: batch, dropped }),
  );

  const onCandle = (candle: Candle) => {
    // A replay that starts over sends older candles again; they are news all the same.
    latestCandles.set(candle.symbol, candle);
    candles.push(candle);
  };

  // Signals and account state through the bus (validated by the contracts' schemas on receipt).
  void Promise.all([
    bus.subscribe(topics.signal, (signal) => signals.push(signal)),
    bus.subscribe(topics.balances, (message) => {
      latestBalances = message;
      account.push('balances', message);
    }),
    bus.subscribe(topics.totalBalance, (message) => {
      latestTotals = message;
      account.push('total_balance', message);
    }),
  ]).catch((err: unknown) => log.error({ err }, 'live: subscribing to the bus failed'));

  // Market data is one channel per symbol; a pattern follows every symbol the gateway publishes
  // without the web process having to be told SYMBOLS. Checked and validated like any bus message.
  const patternSub: Bus['redis'] = bus.redis.duplicate();
  patternSub.on('error', (err: Error) => log.debug({ err: err.message }, 'redis pattern subscriber error'));
  const pattern = `${bus.key(CHANNEL.marketData)}:*`;
  patternSub.psubscribe(pattern).catch((err: unknown) => log.error({ err, pattern }, 'live: psubscribe failed'));
  patternSub.on('pmessage', (_pattern: string, channel: string, raw: string) => {
    const candle = bus.accept(candleSchema, channel, raw);
    if (candle) onCandle(candle);
  });

  const redisState = (): RedisState => (bus.redis.status === 'ready' && patternSub.status === 'ready' ? 'up' : 'down');
  let lastRedis = redisState();
  const redisCheck = setInterval(() => {
    const now = redisState();
    if (now === lastRedis) return;
    lastRedis = now;
    log.info({ redis: now }, now === 'up' ? 'live: redis reachable' : 'live: redis unreachable');
    broadcast('status', { redis: now });
  }, REDIS_CHECK_MS);
  redisCheck.unref();

  const ping = setInterval(() => broadcast('ping', { serverTime: Date.now() }), opts.pingMs ?? LIVE_PING_MS);
  ping.unref();

  return {
    handle(req, res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // nginx and similar proxies would otherwise hold events back in their buffers.
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
      // The browser's own retry is a floor; the page runs its own backoff on top of it.
      res.write('retry: 2000\n\n');
      clients.add(res);
      write(res, encode('hello', { redis: redisState(), throttleMs, serverTime: Date.now() }));
      if (latestCandles.size > 0) write(res, encode('candles', { candles: [...latestCandles.values()], dropped: 0 }));
      if (latestBalances) write(res, encode('balances', latestBalances));
      if (latestTotals) write(res, encode('total_balance', latestTotals));
      const drop = () => clients.delete(res);
      req.on('close', drop);
      res.on('error', drop);
    },
    describe: () => ({ redis: redisState(), clients: clients.size, signatureRejects: bus.signatureRejects }),
    async stop() {
      clearInterval(redisCheck);
      clearInterval(ping);
      candles.stop();
      account.stop();
      signals.stop();
      for (const res of clients) res.end();
      clients.clear();
      // Not waiting for the subscriptions: with Redis down they are still queued, and close() drops them.
      await Promise.all([closeRedis(patternSub), bus.close()]);
    },
  };
}

function encode<E extends LiveEventName>(event: E, data: LiveEventMap[E]): string {
  // JSON has no raw newlines, so one data line per event is always valid SSE.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
