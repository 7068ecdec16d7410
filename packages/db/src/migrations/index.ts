import type { Migration } from 'kysely/migration';
import * as core from './2026-11-21-001-core.js';
import * as positionsRisk from './2026-11-21-002-positions-risk.js';
import * as liveOrders from './2026-11-21-004-live-orders.js';
import * as orderProtections from './2026-11-21-005-order-protections.js';
import * as engineCandles from './2026-12-02-006-engine-candles.js';
import * as accountSources from './2026-12-03-007-account-sources.js';
import * as backtests from './2026-12-04-008-backtests.js';
import * as analysedCandles from './2026-12-07-010-analysed-candles.js';
import * as signalProtections from './2026-12-07-011-signal-protections.js';
import * as instanceResults from './2026-12-08-013-instance-results.js';
import * as engineExits from './2026-12-08-014-engine-exits.js';

/** Every migration, listed explicitly and applied in name order. */
export const migrations: Record<string, Migration> = {
  '2026-11-21-001-core': core,
  '2026-11-21-002-positions-risk': positionsRisk,
  '2026-11-21-004-live-orders': liveOrders,
  '2026-11-21-005-order-protections': orderProtections,
  '2026-12-02-006-engine-candles': engineCandles,
  '2026-12-03-007-account-sources': accountSources,
  '2026-12-04-008-backtests': backtests,
  '2026-12-07-010-analysed-candles': analysedCandles,
  '2026-12-07-011-signal-protections': signalProtections,
  '2026-12-08-013-instance-results': instanceResults,
  '2026-12-08-014-engine-exits': engineExits,
};
