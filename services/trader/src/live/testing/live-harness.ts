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
  close(): Promise<void>;
}

export async function createLiveHarness(label: string, doubleOpts?: BinanceSpotDoubleOptions): Promise<LiveHarness> {
  const double = await BinanceSpotDouble.start(doubleOpts);
  const h = await createHarness(label, {}, { analysed: false });
  const traders: LiveTrader[] = [];
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
    ...over,
  });
  return {
    h,
    double,
    start: async (over = {}) => {
      const t = await startLiveTrader(h.config(env(over)), { logger: h.logger });
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
    close: async () => {
      for (const t of [...traders]) await t.stop();
      await h.close();
      await double.close();
    },
  };
}
