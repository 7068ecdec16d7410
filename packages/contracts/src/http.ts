import { z } from 'zod';
import { decimalString, positiveDecimalInput } from './decimal.js';
import { assetBalanceSchema, sideSchema, tradingModeSchema } from './messages.js';
import { exitReasonSchema, trailingStopInputSchema, trailingStopSchema } from './risk.js';

/** Every 4xx/5xx body: a message and, for validation errors, the fields at fault. */
export const errorBodySchema = z.object({
  error: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** `POST /trade` on the trader. `symbol` may be compact ("BTCUSDC"); it is resolved against SYMBOLS. */
export const tradeRequestSchema = z
  .strictObject({
    symbol: z.string().min(1, 'is required'),
    side: z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(sideSchema),
    quantity: positiveDecimalInput,
    /** Optional protective exits for the position a BUY (market or limit) opens: absolute prices. */
    stopLoss: positiveDecimalInput.optional(),
    takeProfit: positiveDecimalInput.optional(),
    trailingStop: trailingStopInputSchema.optional(),
    /** market (default) fills now; limit rests until the market trades through `price`. */
    type: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['market', 'limit'], { message: 'must be market or limit' }))
      .optional(),
    /** Limit price (required for a limit order, refused for a market order). */
    price: positiveDecimalInput.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.type === 'limit' && body.price === undefined) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'is required for a limit order' });
    }
    if (body.type !== 'limit' && body.price !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'is only for a limit order (set "type": "limit")' });
    }
  });
export type TradeRequest = z.infer<typeof tradeRequestSchema>;

/** `GET /orders` on the trader: the newest `limit` orders (default 50). */
export const ordersQuerySchema = z.strictObject({
  limit: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return 50;
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 500) {
        ctx.addIssue({ code: 'custom', message: 'must be a whole number from 1 to 500' });
        return z.NEVER;
      }
      return Number(v);
    }),
});

/** pending: sent, outcome not known yet (live); open: a resting limit order; canceled: taken off the book. */
export const orderStatusSchema = z.enum(['filled', 'rejected', 'expired', 'pending', 'open', 'canceled']);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const fillSchema = z.object({
  tradeId: z.string(),
  price: decimalString,
  quantity: decimalString,
  quoteQuantity: decimalString,
  fee: decimalString,
  feeCurrency: z.string(),
  role: z.enum(['maker', 'taker']),
  timestamp: z.string(),
});
export type Fill = z.infer<typeof fillSchema>;

export const orderSchema = z.object({
  id: z.string(),
  clientOrderId: z.string(),
  symbol: z.string(),
  side: sideSchema,
  type: z.enum(['market', 'limit']),
  quantity: decimalString,
  status: orderStatusSchema,
  reason: z.string().nullable(),
  strategy: z.string(),
  signalId: z.string().nullable(),
  demo: z.boolean(),
  createdAt: z.string(),
  fill: fillSchema.nullable(),
  /** Why this order exits a position; null/absent for entries. */
  exitReason: exitReasonSchema.nullable().optional(),
  /** Limit price as sent; null for market orders. */
  price: decimalString.nullable().optional(),
  /** How much of `quantity` has filled (a partly filled limit order is still open). */
  filledQuantity: decimalString.optional(),
  /** Quote over base across its fills (a market order's price is this); null before any fill. */
  averagePrice: decimalString.nullable().optional(),
  /** The exchange's order id (live mode). */
  exchangeOrderId: z.string().nullable().optional(),
  /** The exchange's error class when it refused the order (live mode); the message is in `reason`. */
  exchangeError: z.string().nullable().optional(),
  /** An entry's protections as placed (on the tick): the position it opens takes them. */
  stopLoss: decimalString.nullable().optional(),
  takeProfit: decimalString.nullable().optional(),
  trailingStop: trailingStopSchema.nullable().optional(),
});
export type Order = z.infer<typeof orderSchema>;

export const tradeResponseSchema = z.object({ order: orderSchema });

/** `GET /orders/open` on the trader: our resting orders (never anyone else's). */
export const openOrdersResponseSchema = z.object({ mode: tradingModeSchema, orders: z.array(orderSchema) });
export type OpenOrdersResponse = z.infer<typeof openOrdersResponseSchema>;

/** `POST /orders/:clientOrderId/cancel` on the trader: the order in its final state. */
export const cancelOrderResponseSchema = z.object({ order: orderSchema });
export type CancelOrderResponse = z.infer<typeof cancelOrderResponseSchema>;
export type TradeResponse = z.infer<typeof tradeResponseSchema>;

/** A whole-number query parameter from 1 to `max`, `fallback` when absent. */
export const positiveIntQuery = (name: string, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from 1 to ${max}` });
        return z.NEVER;
      }
      return Number(v);
    });

/** An empty query parameter (`?side=`, as a form sends it) means "no filter". */
export const optionalParam = <S extends z.ZodType<unknown, string>>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Which account's history a list shows (default: the mode the service runs in). */
export const modeParam = optionalParam(
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['demo', 'live'], { message: 'must be demo or live' })),
);

/**
 * `GET /portfolio/trades?symbol=&side=&strategy=&mode=&limit=50&page=1`. Strict: a misspelt filter
 * is a 400, never a silently unfiltered list.
 */
export const tradesQuerySchema = z.strictObject({
  symbol: z.string().optional(),
  side: optionalParam(
    z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.enum(['BUY', 'SELL'], { message: 'must be BUY or SELL' })),
  ),
  /** Any strategy name, "manual" (orders from POST /trade) included. */
  strategy: optionalParam(z.string().trim().max(128, 'must be at most 128 characters')),
  mode: modeParam,
  limit: positiveIntQuery('limit', 500, 50),
  page: positiveIntQuery('page', 1_000_000, 1),
});
export type TradesQuery = z.infer<typeof tradesQuerySchema>;

export const tradeRowSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  clientOrderId: z.string(),
  symbol: z.string(),
  side: sideSchema,
  status: z.string(),
  price: decimalString,
  quantity: decimalString,
  quoteQuantity: decimalString,
  fee: decimalString,
  feeCurrency: z.string(),
  role: z.string(),
  strategy: z.string(),
  signalId: z.string().nullable(),
  realizedPnl: decimalString.nullable(),
  timestamp: z.string(),
  demo: z.boolean(),
  exitReason: exitReasonSchema.nullable().optional(),
});
export type TradeRow = z.infer<typeof tradeRowSchema>;

/** Where a paginated list's answer stands: this page of `pages`, `total` matches in all. */
export const pageFields = {
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  pages: z.number().int(),
};

export const tradesPageSchema = z.object({
  mode: tradingModeSchema,
  trades: z.array(tradeRowSchema),
  ...pageFields,
});
export type TradesPage = z.infer<typeof tradesPageSchema>;

export const currencySummarySchema = z.object({
  currency: z.string(),
  totalValue: decimalString.nullable(),
  cash: decimalString,
  holdingsValue: decimalString.nullable(),
  holdingsCost: decimalString,
  startingCash: decimalString.nullable(),
  /** Realized PnL before fees (sell proceeds − cost of what was sold). */
  realizedPnl: decimalString,
  /** Every fee paid, open positions' entries included (quote-valued). */
  feesPaid: decimalString,
  /** realizedPnl − feesPaid: with the unrealized PnL, what the account made since its start. */
  realizedNet: decimalString,
  tradeCount: z.number().int(),
});
export type CurrencySummary = z.infer<typeof currencySummarySchema>;

/** `GET /portfolio/summary` */
export const summarySchema = z.object({
  mode: tradingModeSchema,
  updatedAt: z.string().nullable(),
  currencies: z.array(currencySummarySchema),
});
export type Summary = z.infer<typeof summarySchema>;

/** `GET /portfolio/balance` */
export const balanceResponseSchema = z.object({
  mode: tradingModeSchema,
  updatedAt: z.string().nullable(),
  balances: z.array(assetBalanceSchema),
});
export type BalanceResponse = z.infer<typeof balanceResponseSchema>;

/** `GET /health` on every service: `status` is "up" only when Redis and PostgreSQL both answer. */
export const healthSchema = z.object({
  service: z.string(),
  status: z.enum(['up', 'degraded', 'down']),
  redis: z.enum(['up', 'down']),
  postgres: z.enum(['up', 'down', 'n/a']),
  uptimeSeconds: z.number(),
  /** The process answering: which one it is, when several could hold the port. */
  pid: z.number().int().optional(),
  details: z.record(z.string(), z.unknown()),
});
export type Health = z.infer<typeof healthSchema>;
