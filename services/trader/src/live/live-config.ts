import { z } from 'zod';
import { bool, ConfigError, int } from '@roottrading/config';
import { durationSetting } from '@roottrading/trading-settings';

const optionalSecret = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined));

const duration = (fallback: string, minMs: number) =>
  durationSetting(fallback).refine((ms) => ms >= minMs, { message: `must be at least ${minMs / 1000}s` });

/**
 * The live-mode variables, ready to spread into traderEnvSchema (config.ts). All have defaults or
 * are optional, so demo mode needs none of them; assertLiveReady() then says what live mode lacks.
 */
export const liveEnv = {
  /** ccxt exchange id; live trading supports binance (spot) only. */
  EXCHANGE: z.string().trim().toLowerCase().default('binance'),
  /** The exchange API key: read + spot trading permissions only, never withdrawals. */
  EXCHANGE_API_KEY: optionalSecret(),
  EXCHANGE_API_SECRET: optionalSecret(),
  /** Trade on binance's spot testnet (ccxt sandbox mode) with testnet keys. */
  EXCHANGE_TESTNET: bool(false),
  /** Must be exactly "yes" for TRADING_MODE=live: nobody trades real money by accident. */
  LIVE_TRADING_CONFIRM: z.string().trim().optional(),
  /** Bearer token for the state-changing routes; required in live mode. */
  TRADER_API_TOKEN: optionalSecret(),
  /** JSON merged into ccxt's `urls` (tests: the exchange double). */
  CCXT_URLS_JSON: z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (!raw) return undefined;
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          return parsed as Record<string, unknown>;
        }
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object like {"api":{"public":"http://…"}}' });
      return z.NEVER;
    }),
  CCXT_TIMEOUT_MS: int(10_000, 500, 120_000),
  /** binance refuses a signed request that arrives later than this after it was signed (max 60000). */
  LIVE_RECV_WINDOW_MS: int(5_000, 500, 60_000),
  /** Tries of a failed read (network errors only; orders are never retried blindly). */
  LIVE_RETRY_ATTEMPTS: int(4, 1, 10),
  LIVE_RETRY_BASE_MS: int(500, 10, 60_000),
  LIVE_RETRY_MAX_MS: int(10_000, 10, 300_000),
  /** Consecutive exchange failures that open the circuit breaker (trading pauses). */
  LIVE_BREAKER_THRESHOLD: int(5, 1, 1_000),
  /** How long the breaker stays open before one trial request. */
  LIVE_BREAKER_COOLDOWN: duration('60s', 1_000),
  /** How long a market order is watched for its fill. */
  LIVE_FILL_TIMEOUT: duration('30s', 1_000),
  /** How long an order whose request failed is looked for before it is left to reconciliation. */
  LIVE_LOOKUP_TIMEOUT: duration('60s', 1_000),
  /** On a first start (no watermark yet), how far back reconciliation reads fills. */
  LIVE_RECONCILE_LOOKBACK: duration('24h', 60_000),
};

export type LiveEnv = z.output<z.ZodObject<typeof liveEnv>>;

export interface LiveModeSettings {
  TRADING_MODE: 'demo' | 'live';
  EXCHANGE: string;
  EXCHANGE_API_KEY?: string;
  EXCHANGE_API_SECRET?: string;
  LIVE_TRADING_CONFIRM?: string;
  TRADER_API_TOKEN?: string;
}

/** Long enough that guessing is hopeless; `openssl rand -hex 24` gives 48 characters. */
export const MIN_TOKEN_LENGTH = 24;

/**
 * Pure: why the trader may not start in live mode, as one line naming what is missing — or
 * undefined when it may (or when the mode is demo). Values are never echoed.
 */
export function liveModeProblem(c: LiveModeSettings): string | undefined {
  if (c.TRADING_MODE !== 'live') return undefined;
  if (c.EXCHANGE !== 'binance') {
    return `config: TRADING_MODE=live supports EXCHANGE=binance only (got "${c.EXCHANGE}"); set TRADING_MODE=demo to paper-trade`;
  }
  const missing: string[] = [];
  if (!c.EXCHANGE_API_KEY) missing.push('EXCHANGE_API_KEY');
  if (!c.EXCHANGE_API_SECRET) missing.push('EXCHANGE_API_SECRET');
  if (c.LIVE_TRADING_CONFIRM !== 'yes') missing.push('LIVE_TRADING_CONFIRM=yes');
  if (!c.TRADER_API_TOKEN) missing.push('TRADER_API_TOKEN');
  if (missing.length > 0) {
    return `config: TRADING_MODE=live needs ${missing.join(', ')} (set ${missing.length > 1 ? 'them' : 'it'}, or TRADING_MODE=demo to paper-trade)`;
  }
  if (c.TRADER_API_TOKEN!.length < MIN_TOKEN_LENGTH) {
    return `config: TRADER_API_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters in live mode (e.g. openssl rand -hex 24)`;
  }
  return undefined;
}

/** Throws the one-line ConfigError of liveModeProblem(); call it right after parseEnv. */
export function assertLiveReady(c: LiveModeSettings): void {
  const problem = liveModeProblem(c);
  if (problem) throw new ConfigError(problem);
}
