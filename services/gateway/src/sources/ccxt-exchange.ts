import ccxt, { type Exchange } from 'ccxt';

export interface ExchangeOptions {
  id: string;
  /** Deep-merged into the exchange's `urls` (CCXT_URLS_JSON): how tests point ccxt at a local double. */
  urls?: Record<string, unknown>;
  timeoutMs: number;
}

type ExchangeClass = new (config: Record<string, unknown>) => Exchange;

/**
 * A ccxt exchange set up for public spot market data only: spot markets, no currencies (a private
 * call on binance), no margin pairs, and no reconnect delay of ccxt's own (the source's backoff
 * decides, and reports it).
 */
export async function createExchange(opts: ExchangeOptions): Promise<{ exchange: Exchange; streaming: boolean }> {
  const pro = ccxt.pro as unknown as Record<string, ExchangeClass | undefined>;
  const rest = ccxt as unknown as Record<string, ExchangeClass | undefined>;
  if (!ccxt.exchanges.includes(opts.id) || !rest[opts.id]) {
    throw new Error(`EXCHANGE "${opts.id}" is not an exchange ccxt knows (e.g. binance, kraken, coinbase)`);
  }
  const Class = pro[opts.id] ?? rest[opts.id]!;
  const exchange = new Class({
    enableRateLimit: true,
    timeout: opts.timeoutMs,
    options: {
      defaultType: 'spot',
      fetchMarkets: { types: ['spot'] },
      fetchCurrencies: false,
      fetchMargins: false,
      ws: { backoff: { max: 0 } },
    },
  });
  exchange.has['fetchCurrencies'] = false;
  if (opts.urls) {
    exchange.urls = deepMerge(exchange.urls as Record<string, unknown>, opts.urls) as Exchange['urls'];
    // ccxt refuses plain ws:// URLs (a local double) until its http agent is loaded.
    if (JSON.stringify(opts.urls).includes('"ws://')) await exchange.loadHttpProxyAgent();
  }
  const streaming = pro[opts.id] !== undefined && exchange.has['watchOHLCV'] === true;
  return { exchange, streaming };
}

/** Markets once; ccxt keeps a failed load's rejected promise, so a retry must ask for a reload. */
export async function ensureMarkets(exchange: Exchange, symbols: readonly string[]): Promise<void> {
  if (!exchange.markets || Object.keys(exchange.markets).length === 0) await exchange.loadMarkets(true);
  const missing = symbols.filter((s) => !exchange.markets?.[s]);
  if (missing.length > 0) throw new Error(`${exchange.id} has no spot market ${missing.join(', ')}`);
}

export function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const current = out[key];
    out[key] =
      isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : (value as Record<string, unknown>);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
