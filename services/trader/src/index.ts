export { startTrader, type Trader } from './service.js';
export { startLiveTrader, type LiveTrader } from './live/live-trader.js';
export { loadTraderConfig, traderEnvSchema, type TraderConfig } from './config.js';
export { engineConfigOf, loadMarkets } from '@roottrading/trading-settings';
