export * from './database.js';
export * from './ensure-database.js';
export * from './schema.js';
export * from './schema-backtests.js';
export * from './repositories/candles.js';
export * from './repositories/signals.js';
export { migrations } from './migrations/index.js';
export * from './repositories/analysed-candles.js';
