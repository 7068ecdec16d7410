export { BinanceSpotDouble, type BinanceSpotDoubleOptions, type RequestRecord } from './binance-spot-double.js';
export { DEFAULT_MARKETS, exchangeInfo, marketId, type MarketSpec } from './markets.js';
export type { Fault, FaultRoute } from './faults.js';
export type { DoubleOrder, DoubleTrade, OrderRef, SpotAccount } from './spot-account.js';
export { formatUnits, parseUnits, units } from './fixed-point.js';
export { BinanceMarketDouble, type BinanceMarketDoubleOptions, type DoubleCandle } from './binance-market-double.js';
export { binanceApiUrls } from './ccxt-urls.js';
