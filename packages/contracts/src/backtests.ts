import { z } from 'zod';
import type { BacktestStoredReport } from './backtest-report.js';
import { chartCandleSchema } from './candles.js';
import { decimalString } from './decimal.js';
import { positiveIntQuery } from './http.js';
import { symbolSchema } from './symbols.js';

const isoTime = z
  .string()
  .trim()
  .refine((v) => Number.isFinite(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v)), {
    message: 'must be an ISO date or time like 2023-03-01 or 2023-03-01T12:00:00Z',
  });

/**
 * `POST /backtests`: what to run. Everything not given comes from the backtest service's own
 * environment (the stack's `.env`); `settings` overrides the variables that decide trades — the
 * account's (fees, slippage, sizing, risk, balances) and the strategies' (parameters, protections)
 * — and nothing else (a run cannot point the service at another database or directory).
 */
export const backtestRequestSchema = z
  .strictObject({
    source: z
      .enum(['database', 'files', 'synthetic'], { message: 'must be database, files or synthetic' })
      .default('database'),
    symbols: z.array(symbolSchema).min(1, 'must name at least one symbol').max(100).optional(),
    strategies: z.array(z.string().trim().min(1).max(64)).min(1, 'must name at least one strategy').max(50).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    /** Environment-style overrides, e.g. { "FEE_RATE": "0.00075", "RSI_WINDOW": "10", "STOP_LOSS": "2%" }. */
    settings: z
      .record(z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be a variable name like FEE_RATE'), z.string().max(200))
      .default({}),
    /** A name to find the run by. */
    label: z.string().trim().max(120).optional(),
    /**
     * A sweep instead of one run: every combination of `RSI_WINDOW=10..20:2,RSI_OVERSOLD=25|30`
     * (the `pnpm backtest --grid` syntax), one stored run each, ranked by `rank` at GET /sweeps/:id.
     */
    grid: z.string().trim().min(1).max(2_000).optional(),
    rank: z.string().trim().max(32).default('sharpe'),
    /**
     * With a grid: the period in N + 1 parts, every combination run on each window's training part
     * and the part after it (`pnpm backtest --walk-forward N`), judged at GET /sweeps/:id.
     */
    walkForward: z.number().int().min(1, 'must be at least 1').max(12, 'must be at most 12').optional(),
    /** The currency whose metric ranks a sweep; the first one traded when absent. */
    quote: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{2,15}$/, 'must be a currency like USDC')
      .optional(),
  })
  .refine((r) => !r.from || !r.to || Date.parse(r.to) > Date.parse(r.from), {
    message: 'must be after from',
    path: ['to'],
  })
  .refine((r) => r.walkForward === undefined || r.grid !== undefined, {
    message: 'needs a grid to choose from',
    path: ['walkForward'],
  });
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;

export const backtestStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type BacktestStatus = z.infer<typeof backtestStatusSchema>;

/** One run in the list: where it is, and its headline figures once done. */
export const backtestRunSchema = z.object({
  id: z.string(),
  status: backtestStatusSchema,
  label: z.string().nullable(),
  request: z.unknown(),
  progress: z.object({ done: z.number().int(), total: z.number().int().nullable() }),
  error: z.string().nullable(),
  worker: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Per quote currency, once done. */
  headline: z
    .array(
      z.object({
        quote: z.string(),
        netProfit: decimalString,
        totalReturnPct: z.number().nullable(),
        maxDrawdownPct: z.number(),
        sharpe: z.number().nullable(),
        trades: z.number().int(),
      }),
    )
    .nullable(),
});
export type BacktestRun = z.infer<typeof backtestRunSchema>;

export const backtestListSchema = z.object({ runs: z.array(backtestRunSchema) });
export type BacktestList = z.infer<typeof backtestListSchema>;

export const backtestTradeSchema = z.object({
  seq: z.number().int(),
  strategy: z.string(),
  symbol: z.string(),
  side: z.string(),
  time: z.string(),
  price: decimalString,
  quantity: decimalString,
  quoteQuantity: decimalString,
  fee: decimalString,
  feeCurrency: z.string(),
  feeQuote: decimalString.nullable(),
  role: z.string(),
  realizedPnl: decimalString.nullable(),
  exitReason: z.string().nullable(),
  signalId: z.string().nullable(),
});
export type BacktestTrade = z.infer<typeof backtestTradeSchema>;

/** `GET /backtests/:id?page=&limit=`: the run, its report (no orders or trades in it), a page of trades and the equity curve. */
export const backtestDetailSchema = z.object({
  run: backtestRunSchema,
  /** backtestStoredReportSchema's shape (not checked here: rows stored by an older version may lack a field). */
  report: z.custom<BacktestStoredReport>().nullable(),
  trades: z.object({
    items: z.array(backtestTradeSchema),
    page: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
    pages: z.number().int(),
  }),
  equity: z.array(z.object({ quote: z.string(), time: z.string(), value: decimalString })),
});
export type BacktestDetail = z.infer<typeof backtestDetailSchema>;

export const backtestDetailQuerySchema = z.strictObject({
  limit: positiveIntQuery('limit', 1_000, 100),
  page: positiveIntQuery('page', 1_000_000, 1),
});

const walkPeriodSchema = z.object({ from: z.string(), to: z.string() });

/** A walk-forward's verdict: per window the best combination in sample and its score on the window after. */
export const walkForwardSchema = z.object({
  windows: z.array(
    z.object({
      train: walkPeriodSchema,
      test: walkPeriodSchema,
      best: z
        .object({
          settings: z.record(z.string(), z.string()),
          inSample: z.number().nullable(),
          outOfSample: z.number().nullable(),
        })
        .nullable(),
    }),
  ),
  /** Each combination's mean score over the windows, in and out of sample: far apart means overfitting. */
  combinations: z.array(
    z.object({
      settings: z.record(z.string(), z.string()),
      inSample: z.number().nullable(),
      outOfSample: z.number().nullable(),
    }),
  ),
});
export type WalkForwardView = z.infer<typeof walkForwardSchema>;

/** `GET /sweeps/:id`: a sweep's runs, best first by its ranking (runs not done yet, or without a score, last). */
export const backtestSweepSchema = z.object({
  id: z.string(),
  rank: z.string(),
  quote: z.string().nullable(),
  grid: z.string(),
  /** With walkForward: the verdict so far (runs not done yet score nothing). */
  walkForward: walkForwardSchema.nullable(),
  runs: z.array(
    z.object({ settings: z.record(z.string(), z.string()), score: z.number().nullable(), run: backtestRunSchema }),
  ),
});
export type BacktestSweep = z.infer<typeof backtestSweepSchema>;

/**
 * `GET /backtests/:id/candles?symbol=BTC/USDC&from=2023-03-12T00:00:00Z&limit=1000`: the run's own
 * candles of one of its symbols (the very ones it stepped), from `from` on, oldest first.
 */
export const backtestCandlesQuerySchema = z.strictObject({
  symbol: z.string({ message: 'is required, e.g. BTC/USDC' }).trim().min(1, 'is required, e.g. BTC/USDC').max(32),
  from: isoTime.optional(),
  limit: positiveIntQuery('limit', 5_000, 1_000),
});
export type BacktestCandlesQuery = z.infer<typeof backtestCandlesQuerySchema>;

/** The candles, in the gateway's `GET /candles` shape, and the run's trades of that symbol while they are open. */
export const backtestCandlesSchema = z.object({
  symbol: z.string(),
  interval: z.string(),
  source: z.string(),
  candles: z.array(chartCandleSchema),
  /** The open time of the candle after the last one sent (the next page's `from`); null at the end. */
  next: z.string().nullable(),
  trades: z.array(backtestTradeSchema),
});
export type BacktestCandles = z.infer<typeof backtestCandlesSchema>;
