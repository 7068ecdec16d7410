import { bollingerStrategy } from './bollinger.js';
import { rsiStrategy } from './rsi.js';
import { smaCrossStrategy } from './sma-cross.js';
import type { StrategyDefinition } from './types.js';

/** Every strategy the analyzer knows, in the order they run. A new strategy is one file and one line here. */
export const strategyRegistry: readonly StrategyDefinition[] = [rsiStrategy, smaCrossStrategy, bollingerStrategy];
