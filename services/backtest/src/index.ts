export { startBacktestService, type BacktestService } from './service.js';
export { loadBacktestConfig, backtestEnvSchema, type BacktestServiceConfig } from './config.js';
