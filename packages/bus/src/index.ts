export * from './redis.js';
export * from './bus.js';
export * from './message-signing.js';
export * from './signal-stream.js';
export * from './analysed-candle-stream.js';
export * from './durable-stream.js';
export * from './progress-counter.js';
