export * from './decimal.js';
export * from './symbols.js';
export * from './intervals.js';
export * from './messages.js';
export * from './channels.js';
export * from './http.js';
export * from './risk.js';
export * from './positions.js';
