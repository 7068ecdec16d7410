export * from './args.js';
export * from './command.js';
export * from './download.js';
export * from './errors.js';
export * from './exchange.js';
export * from './ranges.js';
export * from './replay-csv.js';
export * from './validate.js';
