export * from './candles.js';
export * from './market-data.js';
