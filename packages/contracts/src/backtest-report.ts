import { z } from 'zod';
import { decimalString } from './decimal.js';
import { backtestTradeSchema } from './backtests.js';

/** A statistic (a ratio, a percentage): a number rounded to 6 decimals, or null where it is undefined. */
const stat = z.number().nullable();

/** One quote currency's metrics over a run (never summed across currencies). */
export const backtestMetricsSchema = z.object({
  quote: z.string(),
  startingEquity: decimalString,
  finalEquity: decimalString,
  netProfit: decimalString,
  totalReturnPct: stat,
  cagrPct: stat,
  sharpe: stat,
  sortino: stat,
  calmar: stat,
  maxDrawdownPct: z.number(),
  maxDrawdownDurationMs: z.number(),
  trades: z.number().int(),
  winRatePct: stat,
  profitFactor: stat,
  expectancy: decimalString.nullable(),
  avgWin: decimalString.nullable(),
  avgLoss: decimalString.nullable(),
  exposurePct: stat,
  fees: decimalString,
  feesOfGrossProfitPct: stat,
  buyAndHoldPct: stat,
});
export type BacktestMetrics = z.infer<typeof backtestMetricsSchema>;

/** Closed positions of one strategy or pair in one quote currency. */
export const backtestGroupSchema = z.object({
  key: z.string(),
  quote: z.string(),
  trades: z.number().int(),
  wins: z.number().int(),
  /** Mean of each position's net PnL over its entry cost, in %. */
  avgProfitPct: z.number(),
  netProfit: decimalString,
  grossProfit: decimalString,
  fees: decimalString,
  /** Mean time open, in ms. */
  avgDurationMs: z.number(),
  exitReasons: z.record(z.string(), z.number().int()),
});
export type BacktestGroup = z.infer<typeof backtestGroupSchema>;

/** What was run: enough to run it again. */
export const backtestConfigSchema = z.object({
  source: z.string(),
  symbols: z.array(z.string()),
  strategies: z.array(z.string()),
  /** Each strategy's parameters and protections as run. */
  strategySettings: z.array(
    z.object({ name: z.string(), params: z.record(z.string(), z.unknown()), protection: z.unknown() }),
  ),
  interval: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The settings that decide trades, as given (fees, slippage, sizing, protections, …). */
  settings: z.record(z.string(), z.string()),
});
export type BacktestConfig = z.infer<typeof backtestConfigSchema>;

const reportHead = {
  config: backtestConfigSchema,
  candles: z.number().int(),
  signals: z.number().int(),
  /** Candles the candle checks refused (CANDLE_MAX_JUMP and the rest), as the services would have; reports from before them have none. */
  candlesRefused: z.array(z.object({ symbol: z.string(), time: z.string(), reason: z.string() })).default([]),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  summary: z.object({
    total: z.array(backtestMetricsSchema),
    byStrategy: z.array(backtestGroupSchema),
    bySymbol: z.array(backtestGroupSchema),
  }),
  openPositions: z.array(
    z.object({ strategy: z.string(), symbol: z.string(), quantity: decimalString, cost: decimalString }),
  ),
};

export const backtestOrderRecordSchema = z.object({
  id: z.string(),
  strategy: z.string(),
  symbol: z.string(),
  side: z.string(),
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  price: decimalString.nullable(),
  quantity: decimalString,
  signalId: z.string().nullable(),
  placedAt: z.string(),
});

export const backtestClosedPositionSchema = z.object({
  strategy: z.string(),
  symbol: z.string(),
  exitReason: z.string(),
  quantity: decimalString,
  entryPrice: decimalString,
  exitPrice: decimalString,
  openedAt: z.string(),
  closedAt: z.string(),
  grossPnl: decimalString,
  fees: decimalString,
  netPnl: decimalString,
});

/** The whole result of a run, money as decimal strings, times ISO: what `pnpm backtest --json` writes. */
export const backtestReportSchema = z.object({
  ...reportHead,
  orders: z.array(backtestOrderRecordSchema),
  trades: z.array(backtestTradeSchema),
  closedPositions: z.array(backtestClosedPositionSchema),
  equity: z.array(z.object({ quote: z.string(), time: z.string(), value: decimalString })),
});
export type BacktestReport = z.infer<typeof backtestReportSchema>;

/** The report stored with a finished run (`report` of `GET /backtests/:id`): the long lists only counted (they have their tables). */
export const backtestStoredReportSchema = z.object({
  ...reportHead,
  counts: z.object({
    orders: z.number().int(),
    trades: z.number().int(),
    closedPositions: z.number().int(),
    equity: z.number().int(),
  }),
});
export type BacktestStoredReport = z.infer<typeof backtestStoredReportSchema>;
