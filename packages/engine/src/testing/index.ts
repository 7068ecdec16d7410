export * from './random-market.js';
export * from './scenario.js';
