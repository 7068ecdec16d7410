import { formatUnits, units } from './fixed-point.js';

/** One spot market the double lists, with binance's filters. Amounts are decimal strings. */
export interface MarketSpec {
  /** Unified symbol, e.g. "BTC/USDC"; the exchange id is "BTCUSDC". */
  symbol: string;
  tickSize: string;
  stepSize: string;
  minQty: string;
  maxQty: string;
  minNotional: string;
  /** The price market orders fill at and tickers show. */
  price: string;
  /** Newer markets carry NOTIONAL; some older ones (and older testnet data) still MIN_NOTIONAL. */
  notionalFilter?: 'NOTIONAL' | 'MIN_NOTIONAL';
  /** "TRADING" unless a test wants a halted market. */
  status?: string;
}

export const DEFAULT_MARKETS: readonly MarketSpec[] = [
  {
    symbol: 'BTC/USDC',
    tickSize: '0.01',
    stepSize: '0.00001',
    minQty: '0.00001',
    maxQty: '9000',
    minNotional: '5',
    price: '30000',
  },
  {
    symbol: 'BTC/USDT',
    tickSize: '0.01',
    stepSize: '0.00001',
    minQty: '0.00001',
    maxQty: '9000',
    minNotional: '5',
    price: '30010',
  },
  {
    symbol: 'ETH/USDC',
    tickSize: '0.01',
    stepSize: '0.0001',
    minQty: '0.0001',
    maxQty: '9000',
    minNotional: '5',
    price: '2000',
  },
  {
    symbol: 'ETH/BTC',
    tickSize: '0.00001',
    stepSize: '0.0001',
    minQty: '0.0001',
    maxQty: '100000',
    minNotional: '0.0001',
    price: '0.06667',
    notionalFilter: 'MIN_NOTIONAL',
  },
  {
    symbol: 'BNB/USDC',
    tickSize: '0.01',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '9000',
    minNotional: '5',
    price: '300',
  },
];

export const marketId = (symbol: string): string => symbol.replace('/', '').toUpperCase();

export function splitSymbol(symbol: string): { base: string; quote: string } {
  const [base, quote] = symbol.split('/');
  if (!base || !quote) throw new Error(`"${symbol}" is not a BASE/QUOTE symbol`);
  return { base, quote };
}

const eight = (v: string) => formatUnits(units(v));

/** One entry of /api/v3/exchangeInfo `symbols`, in binance's shape (2025 spot API). */
export function exchangeInfoSymbol(m: MarketSpec): Record<string, unknown> {
  const { base, quote } = splitSymbol(m.symbol);
  const notional =
    (m.notionalFilter ?? 'NOTIONAL') === 'NOTIONAL'
      ? {
          filterType: 'NOTIONAL',
          minNotional: eight(m.minNotional),
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
          applyMaxToMarket: false,
          avgPriceMins: 5,
        }
      : { filterType: 'MIN_NOTIONAL', minNotional: eight(m.minNotional), applyToMarket: true, avgPriceMins: 5 };
  return {
    symbol: marketId(m.symbol),
    status: m.status ?? 'TRADING',
    baseAsset: base,
    baseAssetPrecision: 8,
    quoteAsset: quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: eight(m.tickSize),
        maxPrice: '1000000.00000000',
        tickSize: eight(m.tickSize),
      },
      { filterType: 'LOT_SIZE', minQty: eight(m.minQty), maxQty: eight(m.maxQty), stepSize: eight(m.stepSize) },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: eight(m.maxQty), stepSize: '0.00000000' },
      {
        filterType: 'TRAILING_DELTA',
        minTrailingAboveDelta: 10,
        maxTrailingAboveDelta: 2000,
        minTrailingBelowDelta: 10,
        maxTrailingBelowDelta: 2000,
      },
      {
        filterType: 'PERCENT_PRICE_BY_SIDE',
        bidMultiplierUp: '5',
        bidMultiplierDown: '0.2',
        askMultiplierUp: '5',
        askMultiplierDown: '0.2',
        avgPriceMins: 5,
      },
      notional,
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

export function exchangeInfo(markets: readonly MarketSpec[], serverTime: number): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: markets.map(exchangeInfoSymbol),
  };
}
