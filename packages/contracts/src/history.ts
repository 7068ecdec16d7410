import { z } from 'zod';
import { decimalString } from './decimal.js';
import { modeParam, optionalParam, pageFields, positiveIntQuery } from './http.js';
import { sideSchema, tradingModeSchema } from './messages.js';
import { closedPositionSchema } from './positions.js';
import { exitReasonSchema } from './risk.js';

const DAY_MS = 86_400_000;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date (`2023-03-07`, a whole UTC day) or an ISO time. `to` of a date includes that day: a
 * trader asking for "March 1 to March 7" means the 7th too, so it becomes the next day's start.
 */
const timeBound = (end: boolean) =>
  optionalParam(
    z
      .string()
      .trim()
      .transform((v, ctx) => {
        const day = dateOnly.test(v);
        const ms = day || /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(day ? `${v}T00:00:00Z` : v) : NaN;
        if (!Number.isFinite(ms)) {
          ctx.addIssue({ code: 'custom', message: 'must be a date like 2023-03-07 or an ISO time' });
          return z.NEVER;
        }
        return new Date(day && end ? ms + DAY_MS : ms);
      }),
  );

const nameParam = optionalParam(z.string().trim().max(128, 'must be at most 128 characters'));

/** The filters every history list shares: a [from, to) time range, symbol, strategy, account. */
const historyFilters = {
  from: timeBound(false),
  to: timeBound(true),
  /** BTC/USDC or BTCUSDC; resolved by the service. */
  symbol: optionalParam(z.string().trim()),
  strategy: nameParam,
  mode: modeParam,
};

const pageParams = {
  limit: positiveIntQuery('limit', 500, 50),
  page: positiveIntQuery('page', 1_000_000, 1),
};

/** `GET /portfolio/closed-trades?from=&to=&symbol=&strategy=&exitReason=&mode=&limit=&page=` (and `.csv`, every row). */
export const closedTradesFilterSchema = z.strictObject({
  ...historyFilters,
  exitReason: optionalParam(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(exitReasonSchema.options, { message: `must be one of ${exitReasonSchema.options.join(', ')}` })),
  ),
});
export const closedTradesQuerySchema = closedTradesFilterSchema.extend(pageParams);
export type ClosedTradesQuery = z.infer<typeof closedTradesQuerySchema>;
export type ClosedTradesFilter = z.infer<typeof closedTradesFilterSchema>;

/** One round trip: a position from its first entry to the exit that made it flat (partial exits included). */
export const closedTradeSchema = closedPositionSchema.extend({
  /** The quote currency every amount is in. */
  currency: z.string(),
  /** Net PnL as a percentage of what the entries cost (quantity × average entry price). */
  profitPct: decimalString,
  demo: z.boolean(),
});
export type ClosedTrade = z.infer<typeof closedTradeSchema>;

export const closedTradesPageSchema = z.object({
  mode: tradingModeSchema,
  trades: z.array(closedTradeSchema),
  ...pageFields,
});
export type ClosedTradesPage = z.infer<typeof closedTradesPageSchema>;

/** `GET /portfolio/signals/refused?status=&reason=&from=&to=&symbol=&strategy=&mode=&limit=&page=` */
export const refusedSignalsQuerySchema = z.strictObject({
  ...historyFilters,
  ...pageParams,
  status: optionalParam(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['rejected', 'expired'], { message: 'must be rejected or expired' })),
  ),
  /** Words the reason contains (case-insensitive), e.g. "RISK_MAX_OPEN_POSITIONS". */
  reason: optionalParam(z.string().trim().max(200, 'must be at most 200 characters')),
});
export type RefusedSignalsQuery = z.infer<typeof refusedSignalsQuerySchema>;

/** A signal the trader did not trade: its order was refused or the signal had expired. */
export const refusedSignalSchema = z.object({
  orderId: z.string(),
  signalId: z.string(),
  strategy: z.string(),
  symbol: z.string(),
  side: sideSchema,
  status: z.enum(['rejected', 'expired']),
  reason: z.string(),
  /** The order's time (market time). */
  at: z.string(),
  /** The signal's candle and price, when the signal is stored. */
  candleTime: z.string().nullable(),
  price: decimalString.nullable(),
});
export type RefusedSignal = z.infer<typeof refusedSignalSchema>;

export const refusedSignalsPageSchema = z.object({
  mode: tradingModeSchema,
  signals: z.array(refusedSignalSchema),
  /** Every match of the filters by reason, numbers in it as "#" so "12 s old" and "40 s old" count together. */
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  ...pageFields,
});
export type RefusedSignalsPage = z.infer<typeof refusedSignalsPageSchema>;

export const profitPeriodSchema = z.enum(['day', 'week', 'month']);
export type ProfitPeriod = z.infer<typeof profitPeriodSchema>;

/** `GET /portfolio/profit?period=day|week|month&mode=&limit=` */
export const profitQuerySchema = z.strictObject({
  period: optionalParam(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(profitPeriodSchema.options, { message: 'must be day, week or month' })),
  ),
  mode: modeParam,
  limit: positiveIntQuery('limit', 1_000, 90),
});
export type ProfitQuery = z.infer<typeof profitQuerySchema>;

/** Closed round trips by the UTC day, ISO week (from Monday) or month they closed in, per quote currency. */
export const profitBucketSchema = z.object({
  currency: z.string(),
  /** The bucket's first instant, ISO. */
  start: z.string(),
  trades: z.number().int(),
  grossPnl: decimalString,
  fees: decimalString,
  netPnl: decimalString,
});
export type ProfitBucket = z.infer<typeof profitBucketSchema>;

export const profitResponseSchema = z.object({
  mode: tradingModeSchema,
  period: profitPeriodSchema,
  /** Oldest first; never a sum across currencies. */
  buckets: z.array(profitBucketSchema),
});
export type ProfitResponse = z.infer<typeof profitResponseSchema>;
