import { createLogger } from '@roottrading/logger';
import { BinanceSpotDouble, type BinanceSpotDoubleOptions } from '@roottrading/exchange-double';
import { silentLevel } from '@roottrading/testing';
import { CcxtExchangeClient } from '../ccxt-client.js';
import { CircuitBreaker } from '../circuit-breaker.js';
import type { ExchangeClient } from '../exchange-client.js';
import { GuardedExchange } from '../guarded-exchange.js';
import { LiveExecutor, type LiveExecutorOptions } from '../live-executor.js';
import type { BackoffOptions } from '../retry-policy.js';

/**
 * Where the live tests trade: the local exchange double (default, CI) or binance's spot testnet
 * (LIVE_TEST_TARGET=testnet with testnet keys in EXCHANGE_API_KEY / EXCHANGE_API_SECRET; see
 * run-testnet.ts). Tests that need the double's fault injection run only against the double.
 */
export const TARGET: 'double' | 'testnet' = process.env.LIVE_TEST_TARGET === 'testnet' ? 'testnet' : 'double';
export const onDouble = TARGET === 'double';

/** Credentials the double accepts; the scrubbing tests look for them in every message. */
export const DOUBLE_KEY = 'double-api-key-7f3a9c2e41d8b6a5';
export const DOUBLE_SECRET = 'double-secret-0c9e8d7b6a5f4e3d2c1b';

/** The market the tests trade: BTC/USDC on the double; on the testnet LIVE_TEST_SYMBOL (default BTC/USDT). */
export const TEST_SYMBOL = onDouble ? 'BTC/USDC' : (process.env.LIVE_TEST_SYMBOL ?? 'BTC/USDT');

export interface TestExchange {
  double: BinanceSpotDouble | undefined;
  client: CountingClient;
  breaker: CircuitBreaker;
  exchange: GuardedExchange;
  executor: LiveExecutor;
  recvWindowMs: number;
  close(): Promise<void>;
}

export interface TestExchangeOptions {
  double?: BinanceSpotDoubleOptions;
  breaker?: { threshold: number; cooldownMs: number };
  retry?: Partial<BackoffOptions>;
  executor?: Partial<Omit<LiveExecutorOptions, 'exchange'>>;
  /** ccxt's request timeout (short on the double, so a held reply times out fast). */
  timeoutMs?: number;
  recvWindowMs?: number;
}

export async function startTestExchange(opts: TestExchangeOptions = {}): Promise<TestExchange> {
  const logger = createLogger('trader-live-test', silentLevel);
  const double = onDouble ? await BinanceSpotDouble.start(opts.double) : undefined;
  const recvWindowMs = opts.recvWindowMs ?? (double ? 1_000 : 5_000);
  const apiKey = double ? DOUBLE_KEY : requiredEnv('EXCHANGE_API_KEY');
  const secret = double ? DOUBLE_SECRET : requiredEnv('EXCHANGE_API_SECRET');
  const ccxtClient = CcxtExchangeClient.binance({
    apiKey,
    secret,
    timeoutMs: opts.timeoutMs ?? (double ? 500 : 10_000),
    recvWindowMs,
    testnet: !double,
    urls: double?.ccxtUrls(),
  });
  const client = new CountingClient(ccxtClient);
  const breaker = new CircuitBreaker(opts.breaker ?? { threshold: 50, cooldownMs: 60_000 });
  const retry: BackoffOptions = { attempts: 4, baseMs: double ? 20 : 500, maxMs: double ? 200 : 5_000, ...opts.retry };
  const exchange = new GuardedExchange(client, { retry, breaker, logger });
  const executor = new LiveExecutor({
    exchange,
    recvWindowMs,
    backoff: retry,
    pollMs: double ? 20 : 500,
    fillTimeoutMs: double ? 2_000 : 30_000,
    lookupTimeoutMs: double ? 5_000 : 60_000,
    logger,
    ...opts.executor,
  });
  return {
    double,
    client,
    breaker,
    exchange,
    executor,
    recvWindowMs,
    close: async () => {
      await client.close();
      await double?.close();
    },
  };
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} must hold a binance spot testnet key for LIVE_TEST_TARGET=testnet`);
  return v;
}

/** Counts calls per method, so "one tickers request" holds on the testnet too, where no request log exists. */
export class CountingClient implements ExchangeClient {
  readonly calls = new Map<string, number>();

  constructor(readonly inner: ExchangeClient) {}

  count(method: keyof ExchangeClient): number {
    return this.calls.get(method) ?? 0;
  }

  private tick<T>(method: keyof ExchangeClient, run: () => T): T {
    this.calls.set(method, this.count(method) + 1);
    return run();
  }

  get id() {
    return this.inner.id;
  }
  loadMarkets: ExchangeClient['loadMarkets'] = () => this.tick('loadMarkets', () => this.inner.loadMarkets());
  market: ExchangeClient['market'] = (s) => this.inner.market(s);
  syncClock: ExchangeClient['syncClock'] = () => this.tick('syncClock', () => this.inner.syncClock());
  createOrder: ExchangeClient['createOrder'] = (o) => this.tick('createOrder', () => this.inner.createOrder(o));
  fetchOrder: ExchangeClient['fetchOrder'] = (s, r) => this.tick('fetchOrder', () => this.inner.fetchOrder(s, r));
  fetchOpenOrders: ExchangeClient['fetchOpenOrders'] = (s) =>
    this.tick('fetchOpenOrders', () => this.inner.fetchOpenOrders(s));
  cancelOrder: ExchangeClient['cancelOrder'] = (s, r) => this.tick('cancelOrder', () => this.inner.cancelOrder(s, r));
  fetchOrderFills: ExchangeClient['fetchOrderFills'] = (s, id) =>
    this.tick('fetchOrderFills', () => this.inner.fetchOrderFills(s, id));
  fetchFills: ExchangeClient['fetchFills'] = (s, a, b, l) =>
    this.tick('fetchFills', () => this.inner.fetchFills(s, a, b, l));
  fetchBalances: ExchangeClient['fetchBalances'] = () => this.tick('fetchBalances', () => this.inner.fetchBalances());
  fetchLastPrices: ExchangeClient['fetchLastPrices'] = (s) =>
    this.tick('fetchLastPrices', () => this.inner.fetchLastPrices(s));
  close: ExchangeClient['close'] = () => this.inner.close();
}
