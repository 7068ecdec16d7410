export { analyzerEnvSchema, parseAnalyzerConfig, type AnalyzerConfig } from './config.js';
export { startAnalyzer, type AnalyzerService, type AnalyzerStats, type StartAnalyzerOptions } from './service.js';
export { strategyRegistry } from './strategies/registry.js';
export type { Bar, StrategyDefinition, StrategyMachine, StrategyParams } from './strategies/types.js';
export { signalId } from './signal-id.js';
