export { startTrader, type Trader } from './service.js';
export { startLiveTrader, type LiveTrader } from './live/live-trader.js';
export { loadTraderConfig, traderEnvSchema, type TraderConfig } from './config.js';
export { engineConfigOf } from './runner/engine-config.js';
export { loadMarkets } from './markets/markets.js';
