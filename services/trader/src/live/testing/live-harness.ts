import { afterAll, beforeAll } from '@jest/globals';
import type { LiveFillRow, OrderRow } from '@roottrading/db';
import { BinanceSpotDouble, type BinanceSpotDoubleOptions } from '@roottrading/exchange-double';
import { createHarness, type Harness } from '../../testing/harness.js';
import { startLiveTrader, type LiveTrader } from '../live-trader.js';
import { DOUBLE_KEY, DOUBLE_SECRET } from './test-exchange.js';

export const LIVE_TOKEN = 'live-test-token-5f1e9a7c3b2d4e6f8a0b1c2d';
export const AUTH = { authorization: `Bearer ${LIVE_TOKEN}` };
/** The source the gateway's ccxt feed writes on binance candles: the only prices live mode trades on. */
export const EXCHANGE_CANDLES = 'ccxt:binance';

/**
 * One live test file's world: the harness (own database and Redis namespace), the exchange double
 * over real HTTP, and whole live traders started in-process against it with short timeouts.
 */
export interface LiveHarness {
  h: Harness;
  double: BinanceSpotDouble;
  start(over?: Record<string, string>): Promise<LiveTrader>;
  stop(t: LiveTrader): Promise<void>;
  call(
    t: LiveTrader,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /**
   * A candle open time for a test's next bars, each call 10 minutes after the last, all in the
   * past: live mode refuses a candle that closes after it is handed in.
   */
  nextMinute(): number;
  /** Resolves once every batch handed to the trader is committed and every order it sent is answered. */
  settled(t: LiveTrader): Promise<void>;
  /** The row id of the first order `t` may have placed. */
  firstOrderId(t: LiveTrader): string;
  /** An order row by its client id (it must exist). */
  orderRow(clientOrderId: string): Promise<OrderRow>;
  /** The exchange fills recorded for an order. */
  fillsOf(clientOrderId: string): Promise<LiveFillRow[]>;
  /** Exits `t` placed for stops, targets and trails (live orders with such an exit reason since it started). */
  protectiveExits(t: LiveTrader): Promise<number>;
  close(): Promise<void>;
}

export async function createLiveHarness(label: string, doubleOpts?: BinanceSpotDoubleOptions): Promise<LiveHarness> {
  const double = await BinanceSpotDouble.start(doubleOpts);
  const h = await createHarness(label);
  const traders: LiveTrader[] = [];
  const startedAt = new WeakMap<LiveTrader, number>();
  let past = Math.floor(Date.now() / 60_000) * 60_000 - 12 * 3_600_000;
  const env = (over: Record<string, string>) => ({
    TRADING_MODE: 'live',
    EXCHANGE_API_KEY: DOUBLE_KEY,
    EXCHANGE_API_SECRET: DOUBLE_SECRET,
    LIVE_TRADING_CONFIRM: 'yes',
    TRADER_API_TOKEN: LIVE_TOKEN,
    CCXT_URLS_JSON: JSON.stringify(double.ccxtUrls()),
    CCXT_TIMEOUT_MS: '500',
    LIVE_RECV_WINDOW_MS: '1000',
    LIVE_RETRY_BASE_MS: '20',
    LIVE_RETRY_MAX_MS: '200',
    LIVE_LOOKUP_TIMEOUT: '5s',
    LIVE_FILL_TIMEOUT: '2s',
    ACCOUNT_INTERVAL: '60s',
    // The tests' candles are hours old (a live trader refuses a candle from the future); their
    // signals must still count. Signal expiry is the engine's, tested there.
    SIGNAL_MAX_AGE: '48h',
    ...over,
  });
  return {
    h,
    double,
    start: async (over = {}) => {
      // Orders are counted by row id: an exit placed on a candle carries that candle's (old) time.
      const last = await h.testDb.db
        .selectFrom('orders')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst();
      const t = await startLiveTrader(h.config(env(over)), { logger: h.logger });
      startedAt.set(t, Number(last?.id ?? 0));
      traders.push(t);
      return t;
    },
    stop: async (t) => {
      await t.stop();
      traders.splice(traders.indexOf(t), 1);
    },
    call: (t, method, path, body, headers = AUTH) =>
      fetch(`http://127.0.0.1:${t.port}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    nextMinute: () => (past += 10 * 60_000),
    orderRow: (clientOrderId) =>
      h.testDb.db
        .selectFrom('orders')
        .selectAll()
        .where('client_order_id', '=', clientOrderId)
        .executeTakeFirstOrThrow(),
    fillsOf: (clientOrderId) =>
      h.testDb.db.selectFrom('live_fills').selectAll().where('client_order_id', '=', clientOrderId).execute(),
    settled: async (t) => {
      // An answer stepped in may place another order (an exit waiting for a cancel): until both rest.
      do {
        await t.runner.idle();
        await t.driver.idle();
      } while (t.runner.queued > 0 || t.driver.queued > 0);
    },
    firstOrderId: (t) => String((startedAt.get(t) ?? 0) + 1),
    protectiveExits: async (t) => {
      const rows = await h.testDb.db
        .selectFrom('orders')
        .select('id')
        .where('demo', '=', false)
        .where('id', '>', String(startedAt.get(t) ?? 0))
        .where('exit_reason', 'in', ['stop_loss', 'take_profit', 'trailing_stop'])
        .execute();
      return rows.length;
    },
    close: async () => {
      for (const t of [...traders]) await t.stop();
      await h.close();
      await double.close();
    },
  };
}

/** One test file's live harness, made before its tests and closed after them. */
export function useLiveHarness(label: string, onReady: (lh: LiveHarness) => void): void {
  let lh: LiveHarness | undefined;
  beforeAll(async () => {
    lh = await createLiveHarness(label);
    onReady(lh);
  });
  afterAll(async () => {
    await lh?.close();
  });
}
