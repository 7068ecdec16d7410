import { z } from 'zod';
import { Decimal } from '@roottrading/accounting';
import { bool, commonEnv, int, parseEnv } from '@roottrading/config';
import { parseDemoBalances } from './parse/demo-balances.js';
import { parseDuration } from './parse/duration.js';

const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/** A decimal setting kept exact (fee rates and quantities must never pass through a float). */
export const decimalSetting = (fallback: string, min: string, max: string, { minExclusive = false } = {}) => {
  const range = `${minExclusive ? 'greater than' : 'from'} ${min} ${minExclusive ? 'and at most' : 'to'} ${max}`;
  return z
    .string()
    .trim()
    .default(fallback)
    .transform((raw, ctx) => {
      if (!PLAIN_DECIMAL.test(raw)) {
        ctx.addIssue({ code: 'custom', message: `must be a decimal number ${range}, e.g. ${fallback}` });
        return z.NEVER;
      }
      const value = new Decimal(raw);
      if ((minExclusive ? value.lte(min) : value.lt(min)) || value.gt(max)) {
        ctx.addIssue({ code: 'custom', message: `must be a decimal number ${range}` });
        return z.NEVER;
      }
      return value;
    });
};

/** A duration setting ("300", "300s", "5m", "1h", "250ms") in milliseconds. */
export const durationSetting = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((raw, ctx) => {
      const ms = parseDuration(raw);
      if (typeof ms === 'string') {
        ctx.addIssue({ code: 'custom', message: ms });
        return z.NEVER;
      }
      return ms;
    });

/**
 * The variables that decide what an account trades and at what cost: read by the trader (either
 * mode) and the backtester from the same environment and `.env`, so a backtest and a replay with the
 * same settings are the same experiment.
 */
export const accountEnv = {
  /** Seeded once into an empty demo_balances table, and again only on POST /account/reset; a backtest's starting cash. */
  DEMO_BALANCES: z
    .string()
    .default('USDC=10000,USDT=10000')
    .transform((raw, ctx) => {
      const parsed = parseDemoBalances(raw);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** Base quantity a BUY signal buys, rounded down to the market's step. */
  TRADE_QUANTITY: decimalSetting('0.001', '0', '1000000000', { minExclusive: true }),
  FEE_RATE: decimalSetting('0.001', '0', '0.1'),
  SLIPPAGE: decimalSetting('0.0005', '0', '0.1'),
  /** Signals older than this (from their candle's close) are recorded as expired, never traded. */
  SIGNAL_MAX_AGE: durationSetting('5m'),
  /** Manual orders need a last price younger than this many INTERVALs. */
  PRICE_MAX_AGE_INTERVALS: int(3, 1, 10_000),
  /** Market rules (tick, step, min notional); the bundled markets.json when unset. */
  MARKETS_FILE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** Demo fees: "quote" charges every fee in the quote asset; "base" charges buys in the base asset (you receive quantity − fee) and sells in the quote. */
  DEMO_FEE_ASSET: z.enum(['quote', 'base'], { message: 'must be quote or base' }).default('quote'),

  // Risk manager: every entry (signal BUY or manual BUY) passes these rules; exits always may.
  /** Largest value of one asset after an entry, as a % of its quote currency's portfolio value; 0 = no limit. */
  RISK_MAX_EXPOSURE_PCT: decimalSetting('20', '0', '100'),
  /** Most positions open at once (all strategies and symbols); 0 = no limit. */
  RISK_MAX_OPEN_POSITIONS: int(10, 0, 1_000_000),
  /** How a signal BUY is sized: TRADE_QUANTITY, POSITION_EQUITY_PCT of equity, or RISK_PER_TRADE_PCT of equity between entry and stop. */
  POSITION_SIZING: z
    .enum(['fixed', 'equity_pct', 'risk'], { message: 'must be fixed, equity_pct or risk' })
    .default('fixed'),
  POSITION_EQUITY_PCT: decimalSetting('5', '0', '100', { minExclusive: true }),
  RISK_PER_TRADE_PCT: decimalSetting('1', '0', '100', { minExclusive: true }),
  /** Loss from the UTC candle day's starting equity that trips the kill switch, in %; 0 = off. */
  DAILY_LOSS_LIMIT_PCT: decimalSetting('5', '0', '100'),
  /** Fall from peak equity that trips the kill switch, in %; 0 = off. */
  MAX_DRAWDOWN_PCT: decimalSetting('20', '0', '100'),
  /** When the kill switch trips, also close every open position (exit reason kill_switch). */
  KILL_SWITCH_CLOSE_POSITIONS: bool(false),
  /** An equity point each time candle time crosses a multiple of this (the trader's snapshots, a backtest's curve). */
  EQUITY_SNAPSHOT_EVERY: durationSetting('1h').refine((ms) => ms >= 1_000, { message: 'must be at least 1s' }),
};

export const accountEnvSchema = z.object({ ...commonEnv, ...accountEnv });

/** The account's settings with the common ones (SYMBOLS, INTERVAL, …). */
export type AccountSettings = z.output<typeof accountEnvSchema>;

/** Parses the account settings alone (the backtester); a bad value throws a one-line ConfigError naming the variable. */
export function loadAccountSettings(env: Record<string, string | undefined> = process.env): AccountSettings {
  return parseEnv(accountEnvSchema, env);
}
