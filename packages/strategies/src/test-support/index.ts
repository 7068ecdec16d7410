export * from './candles.js';
export * from './market-data.js';
export * from './reference.js';
export * from './config-error.js';
