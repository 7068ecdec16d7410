import { z } from 'zod';
import { decimalString, positiveDecimalInput, positiveDecimalString } from './decimal.js';

/** Why a position was (partly) closed; every exit trade carries one. */
export const exitReasonSchema = z.enum([
  'signal',
  'stop_loss',
  'take_profit',
  'trailing_stop',
  'manual',
  'kill_switch',
  /** A share of the position sold at the partial take-profit level; the rest stays open. */
  'partial_take_profit',
  /** Closed at the close of the Nth base candle after the entry (TIME_STOP). */
  'time_stop',
]);
export type ExitReason = z.infer<typeof exitReasonSchema>;

/**
 * A trailing stop: it trails the highest price since entry by a fraction of that high ("percent",
 * value 0.02 = 2 %) or by a fixed price distance ("distance", e.g. an ATR multiple the analyzer
 * resolved at signal time), and starts only once the price has gained `activation` (a fraction of
 * the entry price) when that is given. It only ever moves in the position's favour.
 */
export const trailingStopSchema = z.strictObject({
  type: z.enum(['percent', 'distance']),
  value: positiveDecimalString,
  activation: decimalString.nullable().optional(),
});
export type TrailingStop = z.infer<typeof trailingStopSchema>;

/** The same, as a manual order may give it (numbers or decimal strings). */
export const trailingStopInputSchema = z.strictObject({
  type: z.enum(['percent', 'distance']),
  value: positiveDecimalInput,
  activation: positiveDecimalInput.nullable().optional(),
});

/** Protective exits a signal or a manual order may carry: absolute prices in the quote currency. */
export const protectionFields = {
  stopLoss: positiveDecimalString.optional(),
  takeProfit: positiveDecimalString.optional(),
  trailingStop: trailingStopSchema.optional(),
};

/**
 * A partial take-profit: sell `fraction` (0.5 = half) of the position once the price reaches
 * `price`; the rest stays under the other protections. Taken at most once per position.
 */
export const partialTakeProfitSchema = z.strictObject({
  price: positiveDecimalString,
  fraction: positiveDecimalString.refine((f) => /^0*$/.test(f.split('.')[0]!), {
    message: 'must be a fraction below 1 (0.5 = half)',
  }),
});
export type PartialTakeProfit = z.infer<typeof partialTakeProfitSchema>;

/**
 * Exits only a strategy's BUY signal carries (not a manual order): the partial take-profit, and the
 * time stop — close the position at the close of the `timeStop`-th base candle after its entry candle.
 */
export const signalExitFields = {
  partialTakeProfit: partialTakeProfitSchema.optional(),
  timeStop: z.number().int().min(1).max(1_000_000).optional(),
};

/** Scope of a pause of new entries: everything, one strategy, or one symbol. */
export const pauseScopeSchema = z.enum(['all', 'strategy', 'symbol']);
export type PauseScope = z.infer<typeof pauseScopeSchema>;

/** Who asks for an operator action, as the audit trail records it. */
export const requestedBySchema = z
  .string()
  .trim()
  .min(1, 'must name who asks')
  .max(64, 'must be at most 64 characters')
  .regex(/^[\w .@:-]+$/, 'may hold letters, digits, spaces and . _ @ : -');

/** Which positions or entries a control acts on: every one, one strategy's, or one symbol's. Always stated. */
const scopedControl = z
  .strictObject({
    scope: z.enum(['all', 'strategy', 'symbol'], {
      message: 'must be "all", "strategy" or "symbol" (a control always says what it acts on)',
    }),
    /** The strategy name or symbol (BTC/USDC or BTCUSDC) for those scopes. */
    target: z.string().trim().min(1).optional(),
    requestedBy: requestedBySchema.default('api'),
  })
  .refine((r) => (r.scope === 'all') === (r.target === undefined), {
    path: ['target'],
    message: 'is required for scope strategy or symbol, and not allowed for scope all',
  });

/** `POST /controls/pause` and `POST /controls/resume` on the trader. */
export const pauseRequestSchema = scopedControl;
export type PauseRequest = z.infer<typeof pauseRequestSchema>;

/**
 * `POST /positions/close-all` on the trader: closes every open position (`{"scope": "all"}`), one
 * strategy's or one symbol's (`target`), reason "manual". The scope is never implied: `{}` is a 400.
 */
export const closeAllRequestSchema = scopedControl;
export type CloseAllRequest = z.infer<typeof closeAllRequestSchema>;

/** `POST /account/reset` on the paper trader: back to DEMO_BALANCES. */
export const accountResetSchema = z.strictObject({ requestedBy: requestedBySchema.default('api') });
export type AccountReset = z.infer<typeof accountResetSchema>;

/** `POST /risk/kill-switch/reset` on the trader: the only way to clear a tripped kill switch. */
export const killSwitchResetSchema = z.strictObject({ requestedBy: requestedBySchema });
export type KillSwitchReset = z.infer<typeof killSwitchResetSchema>;

export const killSwitchStateSchema = z.object({
  active: z.boolean(),
  reason: z.string().nullable(),
  trippedAt: z.string().nullable(),
  resetBy: z.string().nullable(),
  resetAt: z.string().nullable(),
});
export type KillSwitchState = z.infer<typeof killSwitchStateSchema>;

export const activePauseSchema = z.object({
  scope: pauseScopeSchema,
  target: z.string().nullable(),
  pausedBy: z.string(),
  pausedAt: z.string(),
});
export type ActivePause = z.infer<typeof activePauseSchema>;

/** `GET /controls` on the trader (and part of `/stats/live`). */
export const controlsStateSchema = z.object({
  killSwitch: killSwitchStateSchema,
  pauses: z.array(activePauseSchema),
});
export type ControlsState = z.infer<typeof controlsStateSchema>;
