import type { BalancesMessage, Candle, Signal, TotalBalanceMessage } from '@roottrading/contracts';

/**
 * The server-sent events the web process pushes on GET /api/events (shared by the server that
 * writes them and the page that reads them). Payloads are the bus messages as validated by
 * @roottrading/contracts, so times are epoch ms and money decimal strings.
 */
export const LIVE_EVENTS_PATH = '/api/events';

/** The web process sends what arrived (candles, signals) and the latest balances at most this often. */
export const LIVE_THROTTLE_MS = 250;

/** A `ping` event this often keeps proxies from closing the stream and lets the page notice a dead one. */
export const LIVE_PING_MS = 15_000;

export type RedisState = 'up' | 'down';

export interface LiveEventMap {
  /** First event on every connection: the server's view of Redis. A snapshot of the latest values follows. */
  hello: {
    redis: RedisState;
    throttleMs: number;
    serverTime: number;
    /** Set by the page, not the server: this hello follows a lost connection, so data may have been missed. */
    reconnected?: boolean;
  };
  /** Redis became reachable or unreachable from the web process. */
  status: { redis: RedisState };
  ping: { serverTime: number };
  /**
   * Every closed candle since the last batch, in arrival order (one symbol's in time order); on
   * connect, the latest of each symbol. A burst larger than one event carries goes out as several,
   * none left out; `dropped` (always 0 from this server) makes the page reload its candle history.
   */
  candles: { candles: Candle[]; dropped: number };
  /** Signals since the last batch; `dropped` counts older ones left out when a burst exceeded the cap. */
  signals: { signals: Signal[]; dropped: number };
  balances: BalancesMessage;
  total_balance: TotalBalanceMessage;
}

export type LiveEventName = keyof LiveEventMap;

export const LIVE_EVENT_NAMES: readonly LiveEventName[] = [
  'hello',
  'status',
  'ping',
  'candles',
  'signals',
  'balances',
  'total_balance',
];
