export * from './account-env.js';
export { engineConfigOf } from './engine-config.js';
export { riskLimitsOf } from './risk-limits.js';
export { DEFAULT_MARKETS_FILE, loadMarkets, requireMarkets } from './markets.js';
export { parseDemoBalances } from './parse/demo-balances.js';
export { parseDuration } from './parse/duration.js';
export { budgetsOf, loadBudgets } from './budgets.js';
