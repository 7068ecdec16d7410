export * from './database.js';
export * from './ensure-database.js';
export * from './schema.js';
export * from './schema-backtests.js';
export * from './schema-account.js';
export * from './repositories/candles.js';
export * from './repositories/signals.js';
export { migrations } from './migrations/index.js';
export * from './repositories/analysed-candles.js';
