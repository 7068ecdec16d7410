/**
 * The indicators alone, for a browser bundle (the chart draws the strategies' overlays with them):
 * no zod, no config, no registry. The same classes the strategies step, so a line on the chart is
 * the value a strategy compared.
 */
export { SimpleMovingAverage } from './sma.js';
export { ExponentialMovingAverage } from './ema.js';
export { RelativeStrengthIndex } from './rsi.js';
export { BollingerBands, type BollingerValue } from './bollinger.js';
export { MovingAverageConvergenceDivergence, type MacdValue } from './macd.js';
export { DonchianChannel, type DonchianValue } from './donchian.js';
export { Supertrend, type SupertrendValue } from './supertrend.js';
export { SessionVwap, type VwapValue } from './vwap.js';
