import { z } from 'zod';
import { decimalString } from './decimal.js';
import { assetBalanceSchema, quoteTotalSchema } from './messages.js';
import { trailingStopSchema } from './risk.js';

/** One strategy's position as the trader's `GET /account` shows it. */
const accountPositionSchema = z.object({
  strategy: z.string(),
  symbol: z.string(),
  quantity: decimalString,
  cost: decimalString,
  openedAt: z.string().nullable(),
  stopLoss: decimalString.nullable(),
  takeProfit: decimalString.nullable(),
  trailingStop: trailingStopSchema.nullable(),
  /** Where the trailing stop stands now (null until it is active). */
  trailingStopPrice: decimalString.nullable(),
});

/** `GET /account` on the paper trader (and `POST /account/reset`): balances, positions, totals. */
export const paperAccountResponseSchema = z.object({
  mode: z.literal('demo'),
  balances: z.array(assetBalanceSchema.extend({ initial: decimalString })),
  positions: z.array(
    accountPositionSchema.extend({
      averagePrice: decimalString,
      lastPrice: decimalString.nullable(),
      value: decimalString.nullable(),
      unrealizedPnl: decimalString.nullable(),
      updatedAt: z.string(),
    }),
  ),
  totals: z.array(quoteTotalSchema),
});
export type PaperAccountResponse = z.infer<typeof paperAccountResponseSchema>;

/** `GET /account` on the live trader: its positions (the exchange's balances are on `account:balances`). */
export const liveAccountResponseSchema = z.object({
  mode: z.literal('live'),
  /** The last balance read's error, if it failed. */
  balanceError: z.string().nullable(),
  positions: z.array(accountPositionSchema.extend({ exitPending: z.boolean() })),
});
export type LiveAccountResponse = z.infer<typeof liveAccountResponseSchema>;
