import { z } from 'zod';
import { decimalString, positiveDecimalInput } from './decimal.js';
import { pnlStatsSchema } from './positions.js';
import { tradingModeSchema } from './messages.js';
import { symbolSchema } from './symbols.js';

/** An instance's name: what its signals, orders, trades and positions carry as their strategy. */
export const instanceNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit',
  );

const settingValue = z.union([z.string(), z.number().finite(), z.boolean()]).transform(String);
const settingName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be a variable name in capitals, e.g. RSI_WINDOW');

/**
 * One strategy instance of STRATEGIES_FILE: a strategy under its own name, with its own parameters
 * (the strategy's variables, e.g. RSI_WINDOW: 10; unset ones come from the environment as without
 * the file), symbols (a subset of SYMBOLS; all by default), protections (STOP_LOSS, TAKE_PROFIT,
 * TRAILING_STOP, TRAILING_ACTIVATION, PARTIAL_TAKE_PROFIT, TIME_STOP) and capital budget per quote currency.
 */
export const strategyInstanceSchema = z
  .object({
    name: instanceNameSchema,
    strategy: z.string().min(1, 'must name a strategy'),
    params: z.record(settingName, settingValue).default({}),
    symbols: z.array(symbolSchema).min(1, 'must list at least one symbol when given').optional(),
    protections: z.record(settingName, settingValue).default({}),
    /** Quote currency → the most this instance may have at cost in positions and resting BUYs, plus its closed result. */
    budget: z
      .record(z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be a currency code such as USDC'), positiveDecimalInput)
      .optional(),
  })
  .strict();

export const strategiesFileSchema = z
  .object({ instances: z.array(strategyInstanceSchema).min(1, 'must list at least one instance') })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.instances.forEach((instance, i) => {
      const key = instance.name.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['instances', i, 'name'], message: `repeats "${instance.name}"` });
      seen.add(key);
    });
  });

export type StrategyInstance = z.output<typeof strategyInstanceSchema>;
export type StrategiesFile = z.output<typeof strategiesFileSchema>;

/** One instance's standing in one quote currency (GET /arena). */
export const arenaStandingSchema = pnlStatsSchema.extend({
  /** Its capital in this currency (STRATEGIES_FILE); null: it trades from the whole account. */
  budget: decimalString.nullable(),
  /** Open positions at the last price, minus their cost and the fees they paid; null without a price. */
  unrealizedPnl: decimalString.nullable(),
  /** (closed net + unrealized) / budget, in %; null without a budget. */
  returnPct: z.number().nullable(),
  /** Largest fall of the equity (budget + closed result, day by day, and now) from a peak, in %; null without a budget. */
  maxDrawdownPct: z.number().nullable(),
  /** From the daily returns of that equity, annualised by √365; null under two days or without a budget. */
  sharpe: z.number().nullable(),
  openPositions: z.number().int(),
  /** Open positions at the last price (at cost when there is none). */
  openExposure: decimalString,
  /** Cost and fees of its open positions: the part of the budget in use. */
  budgetUsed: decimalString,
  /** budget + closed result at the end of each UTC day with a close, then now (with the open positions); [] without a budget. */
  equity: z.array(z.object({ time: z.string(), value: decimalString })),
});
export type ArenaStanding = z.infer<typeof arenaStandingSchema>;

export const arenaResponseSchema = z.object({
  mode: tradingModeSchema,
  /** Where the instances come from: STRATEGIES_FILE, or every strategy that has traded. */
  source: z.enum(['file', 'trades']),
  /** Best first: by return when budgeted, then by net PnL. */
  instances: z.array(
    z.object({
      name: z.string(),
      /** The strategy it runs (STRATEGIES_FILE); null for a strategy known only from its trades. */
      strategy: z.string().nullable(),
      standings: z.array(arenaStandingSchema),
    }),
  ),
});
export type ArenaResponse = z.infer<typeof arenaResponseSchema>;
