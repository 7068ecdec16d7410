export * from './decimal.js';
export * from './position.js';
