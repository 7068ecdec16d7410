import { z } from 'zod';
import { positiveIntQuery } from './http.js';
import { tradingModeSchema } from './messages.js';
import { requestedBySchema } from './risk.js';

const isoInstant = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v)), {
    message: 'must be an ISO time like 2023-03-01T12:00:59.999Z',
  });

/**
 * `POST /positions/close` on the trader: sells one strategy's position in one symbol whole at the
 * latest price, exit reason "manual". `openedAt` (the position's open time as the caller saw it)
 * makes sure it is that position: one closed since, and maybe reopened, is not sold.
 */
export const closePositionRequestSchema = z.strictObject({
  strategy: z.string().trim().min(1, 'is required').max(128, 'must be at most 128 characters'),
  /** BTC/USDC or BTCUSDC, one of SYMBOLS. */
  symbol: z.string().trim().min(1, 'is required'),
  openedAt: isoInstant.optional(),
  requestedBy: requestedBySchema.default('api'),
});
export type ClosePositionRequest = z.infer<typeof closePositionRequestSchema>;

/** `POST /orders/:clientOrderId/cancel` on the trader: an optional body naming who asks. */
export const cancelOrderRequestSchema = z.strictObject({ requestedBy: requestedBySchema.default('api') });
export type CancelOrderRequest = z.infer<typeof cancelOrderRequestSchema>;

/** What the audit trail records. */
export const operatorActionKindSchema = z.enum([
  'pause',
  'resume',
  'close_all',
  'close_position',
  'cancel_order',
  'kill_switch_trip',
  'kill_switch_reset',
  'account_reset',
]);
export type OperatorActionKind = z.infer<typeof operatorActionKindSchema>;

/** One row of the audit trail: who asked for what, and when the trader received it. */
export const operatorActionSchema = z.object({
  id: z.string(),
  /** When it was received (wall clock); `details.marketTime` is the account's time then. */
  at: z.string(),
  action: operatorActionKindSchema,
  actor: z.string(),
  /** all, strategy or symbol for pauses, resumes and close-all; null otherwise. */
  scope: z.string().nullable(),
  /** The strategy, symbol or client order id acted on; null for everything. */
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type OperatorActionView = z.infer<typeof operatorActionSchema>;

/** `GET /controls/actions?limit=50&page=1` on the trader, newest first. */
export const operatorActionsQuerySchema = z.strictObject({
  limit: positiveIntQuery('limit', 500, 50),
  page: positiveIntQuery('page', 1_000_000, 1),
});
export type OperatorActionsQuery = z.infer<typeof operatorActionsQuerySchema>;

export const operatorActionsPageSchema = z.object({
  mode: tradingModeSchema,
  actions: z.array(operatorActionSchema),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  pages: z.number().int(),
});
export type OperatorActionsPage = z.infer<typeof operatorActionsPageSchema>;
