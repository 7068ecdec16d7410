import { z } from 'zod';
import { positiveIntQuery } from './http.js';
import { decimalString } from './decimal.js';
import { tradingModeSchema } from './messages.js';
import { activePauseSchema, exitReasonSchema, killSwitchStateSchema, trailingStopSchema } from './risk.js';

/** One open position, per strategy and symbol, valued at the last price. */
export const openPositionSchema = z.object({
  strategy: z.string(),
  symbol: z.string(),
  quantity: decimalString,
  averageEntryPrice: decimalString,
  /** Cost basis of the open quantity (quote currency, fees apart). */
  cost: decimalString,
  lastPrice: decimalString.nullable(),
  marketValue: decimalString.nullable(),
  /** At the last price, before exit fees; null without a price. */
  unrealizedPnl: decimalString.nullable(),
  /** Gross PnL already realized by partial exits of this position. */
  realizedGross: decimalString,
  /** Fees paid on this position's fills so far, in the quote currency. */
  fees: decimalString,
  openedAt: z.string().nullable(),
  stopLoss: decimalString.nullable(),
  takeProfit: decimalString.nullable(),
  trailingStop: trailingStopSchema.nullable(),
  /** Where the trailing stop stands now (null until it is active). */
  trailingStopPrice: decimalString.nullable(),
});
export type OpenPosition = z.infer<typeof openPositionSchema>;

/** `GET /portfolio/positions` */
export const openPositionsResponseSchema = z.object({
  mode: tradingModeSchema,
  positions: z.array(openPositionSchema),
});
export type OpenPositionsResponse = z.infer<typeof openPositionsResponseSchema>;

export const closedPositionSchema = z.object({
  id: z.string(),
  strategy: z.string(),
  symbol: z.string(),
  quantity: decimalString,
  entryPrice: decimalString,
  exitPrice: decimalString,
  openedAt: z.string(),
  closedAt: z.string(),
  durationSeconds: z.number(),
  grossPnl: decimalString,
  fees: decimalString,
  netPnl: decimalString,
  exitReason: exitReasonSchema,
});
export type ClosedPosition = z.infer<typeof closedPositionSchema>;

/** `GET /portfolio/positions/history?symbol=&strategy=&limit=50&page=1` */
export const positionsHistoryQuerySchema = z.strictObject({
  symbol: z.string().optional(),
  strategy: z.string().optional(),
  limit: positiveIntQuery('limit', 500, 50),
  page: positiveIntQuery('page', 1_000_000, 1),
});
export type PositionsHistoryQuery = z.infer<typeof positionsHistoryQuerySchema>;

export const positionsHistoryPageSchema = z.object({
  mode: tradingModeSchema,
  positions: z.array(closedPositionSchema),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  pages: z.number().int(),
});
export type PositionsHistoryPage = z.infer<typeof positionsHistoryPageSchema>;

/** Round-trip statistics of closed positions (a "trade" here is one closed position). */
export const pnlStatsSchema = z.object({
  /** PnL amounts are in this quote currency. */
  currency: z.string(),
  trades: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
  /** wins / trades, as a fraction; null with no trades. */
  winRate: decimalString.nullable(),
  grossPnl: decimalString,
  netPnl: decimalString,
  fees: decimalString,
  /** Sum of winning net PnL / |sum of losing net PnL|; null with no losses. */
  profitFactor: decimalString.nullable(),
  averageWin: decimalString.nullable(),
  averageLoss: decimalString.nullable(),
});
export type PnlStats = z.infer<typeof pnlStatsSchema>;

/** `GET /portfolio/pnl` — per pair and per strategy (a strategy trading two quotes has a row per quote). */
export const pnlResponseSchema = z.object({
  mode: tradingModeSchema,
  bySymbol: z.array(pnlStatsSchema.extend({ symbol: z.string() })),
  byStrategy: z.array(pnlStatsSchema.extend({ strategy: z.string() })),
});
export type PnlResponse = z.infer<typeof pnlResponseSchema>;

/** `GET /portfolio/equity?currency=USDC&limit=500` — value over (candle) time from balance snapshots. */
export const equityQuerySchema = z.strictObject({
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,15}$/, 'must be a currency like USDC')
    .optional(),
  limit: positiveIntQuery('limit', 5_000, 500),
});
export type EquityQuery = z.infer<typeof equityQuerySchema>;

export const equityCurveSchema = z.object({
  mode: tradingModeSchema,
  currency: z.string(),
  points: z.array(z.object({ time: z.string(), value: decimalString })),
  peak: decimalString.nullable(),
  /** Largest fall from a running peak, as a fraction of that peak, and in the currency. */
  maxDrawdown: decimalString.nullable(),
  maxDrawdownValue: decimalString.nullable(),
});
export type EquityCurve = z.infer<typeof equityCurveSchema>;

/** `GET /stats/live` on the portfolio: the day so far (UTC day of the latest candle time) and the risk state. */
export const liveStatsSchema = z.object({
  mode: tradingModeSchema,
  /** YYYY-MM-DD, the UTC day of the newest candle the account has seen (market time). */
  day: z.string().nullable(),
  signalsToday: z.number().int(),
  tradesToday: z.number().int(),
  tradesTotal: z.number().int(),
  /** Closed positions won / closed, as a fraction; null before the first one. */
  winRate: decimalString.nullable(),
  balances: z.array(z.object({ currency: z.string(), total: decimalString.nullable(), cash: decimalString })),
  openPositions: z.number().int(),
  killSwitch: killSwitchStateSchema,
  pauses: z.array(activePauseSchema),
});
export type LiveStats = z.infer<typeof liveStatsSchema>;
