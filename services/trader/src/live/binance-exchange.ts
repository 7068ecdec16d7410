import ccxt, { type Exchange } from 'ccxt';

export interface BinanceClientOptions {
  apiKey: string;
  secret: string;
  timeoutMs: number;
  /** Sent with every signed request: binance refuses one that arrives later than this. */
  recvWindowMs: number;
  /** Binance's spot testnet (ccxt's sandbox mode). */
  testnet: boolean;
  /** Deep-merged into ccxt's `urls` after the sandbox switch (tests point it at the exchange double). */
  urls?: Record<string, unknown>;
  /** Re-read the exchange's clock before an order when the last reading is older than this (default 1 h). */
  clockSyncMs?: number;
  now?: () => number;
}

/**
 * ccxt's binance set up for spot trading only: spot markets (no futures or margin listings), no
 * currencies call, the clock offset learned at market load (adjustForTimeDifference), ccxt's rate
 * limiter on, FULL order replies (so a market order's reply carries its fills).
 */
export function createBinanceExchange(opts: BinanceClientOptions): Exchange {
  const exchange = new ccxt.binance({
    apiKey: opts.apiKey,
    secret: opts.secret,
    enableRateLimit: true,
    timeout: opts.timeoutMs,
    options: {
      defaultType: 'spot',
      fetchMarkets: { types: ['spot'] },
      fetchCurrencies: false,
      fetchMargins: false,
      adjustForTimeDifference: true,
      recvWindow: opts.recvWindowMs,
      newOrderRespType: { market: 'FULL', limit: 'FULL' },
      // Start-up reconciliation lists every open order once, on purpose (the heavier request weight is paid once).
      fetchOpenOrders: { warnWithoutSymbol: false },
      warnOnFetchOpenOrdersWithoutSymbol: false,
    },
  });
  exchange.has['fetchCurrencies'] = false;
  if (opts.testnet) exchange.setSandboxMode(true);
  if (opts.urls) exchange.urls = deepMerge(exchange.urls as Record<string, unknown>, opts.urls) as Exchange['urls'];
  return exchange;
}

export function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const current = out[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
