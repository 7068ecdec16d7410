import { bollingerStrategy } from './bollinger.js';
import { crossPairSwingStrategy } from './cross-pair-swing.js';
import { donchianBreakoutStrategy } from './donchian-breakout.js';
import { emaCrossStrategy } from './ema-cross.js';
import { macdTrendStrategy } from './macd-trend.js';
import { pairRotationStrategy } from './pair-rotation.js';
import { rangeBreakoutStrategy } from './range-breakout.js';
import { rsiDivergenceStrategy } from './rsi-divergence.js';
import { rsiStrategy } from './rsi.js';
import { smaCrossStrategy } from './sma-cross.js';
import { supertrendStrategy } from './supertrend.js';
import type { AnyStrategyDefinition } from './multi-symbol-types.js';
import { volumeSpikeStrategy } from './volume-spike.js';
import { vwapReversionStrategy } from './vwap-reversion.js';

/** Every strategy the analyzer knows, in the order they run. A new strategy is one file and one line here. */
export const strategyRegistry: readonly AnyStrategyDefinition[] = [
  rsiStrategy,
  smaCrossStrategy,
  bollingerStrategy,
  emaCrossStrategy,
  macdTrendStrategy,
  donchianBreakoutStrategy,
  supertrendStrategy,
  rsiDivergenceStrategy,
  volumeSpikeStrategy,
  vwapReversionStrategy,
  rangeBreakoutStrategy,
  // Multi-symbol: stepped on the cross-section of SYMBOLS at each candle time (CrossSectionAnalyzer).
  pairRotationStrategy,
  crossPairSwingStrategy,
];

/**
 * What runs when STRATEGIES is not set: the three strategies that came first. The others are chosen
 * by name, so adding one to the registry never changes the trades of a stack or a backtest that did
 * not ask for it.
 */
export const defaultStrategyNames: readonly string[] = [
  rsiStrategy.name,
  smaCrossStrategy.name,
  bollingerStrategy.name,
];
