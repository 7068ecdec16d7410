export * from './decimal.js';
export * from './position.js';
export * from './trade.js';
export * from './position-life.js';
export * from './performance.js';
