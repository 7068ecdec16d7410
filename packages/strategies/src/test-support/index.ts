export * from './candles.js';
export * from './market-data.js';
export * from './reference.js';
export * from './load.js';
export * from './cross-sections.js';
export * from './config-error.js';
