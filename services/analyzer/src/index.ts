export { analyzerEnvSchema, parseAnalyzerConfig, type AnalyzerConfig } from './config.js';
export { startAnalyzer, type AnalyzerService, type AnalyzerStats, type StartAnalyzerOptions } from './service.js';
export {
  signalId,
  strategyRegistry,
  type Bar,
  type StrategyDefinition,
  type StrategyMachine,
  type StrategyParams,
} from '@roottrading/strategies';
