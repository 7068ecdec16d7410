export {
  defineStrategy,
  type Bar,
  type StrategyDefinition,
  type StrategyExits,
  type StrategyMachine,
  type StrategyParams,
} from './strategies/types.js';
export { defaultStrategyNames, strategyRegistry } from './strategies/registry.js';
export {
  isSymbolStrategy,
  loadStrategies,
  resolveStrategyNames,
  type LoadedMultiSymbolStrategy,
  type LoadedStrategy,
  type LoadedSymbolStrategy,
} from './strategies/select.js';
export {
  defineMultiSymbolStrategy,
  isMultiSymbol,
  type AnyStrategyDefinition,
  type CrossSection,
  type MultiSymbolDecision,
  type MultiSymbolMachine,
  type MultiSymbolStrategyDefinition,
} from './strategies/multi-symbol-types.js';
export { hasProtection, protectionView, type ProtectionConfig } from './protection/config.js';
export { resolveProtection, type ResolvedProtection } from './protection/resolve.js';
export { SymbolAnalyzer, type CandleOutcome } from './symbol-analyzer.js';
export { CrossSectionAnalyzer } from './cross-section/cross-section-analyzer.js';
export { barFromCandle } from './bars.js';
export { signalId, type SignalIdInput } from './signal-id.js';
export { strategySettingNames } from './strategies/setting-names.js';
export {
  numberMath,
  TimeframeAggregator,
  type BarMath,
  type ClosedBar,
  type OhlcvBar,
} from './timeframes/aggregator.js';
export { checkTimeframe, periodStart, timeframeField, TIMEFRAMES, type Timeframe } from './timeframes/timeframes.js';
export { decimalMath } from './timeframes/decimal-math.js';
export { loadStrategySet, parseStrategiesFile, strategiesFor } from './instances/load-instances.js';
