export * from './candle-file.js';
export * from './replay-files.js';
export * from './replay-series.js';
export * from './synthetic-walk.js';
export * from './synthetic-candles.js';
export * from './synthetic-env.js';
