export { startTrader, LIVE_NOT_AVAILABLE, type Trader } from './service.js';
export { loadTraderConfig, traderEnvSchema, type TraderConfig } from './config.js';
