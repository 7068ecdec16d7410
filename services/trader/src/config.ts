import { z } from 'zod';
import { commonEnv, httpAccessEnv, int, parseEnv, port } from '@roottrading/config';
import { accountEnv, durationSetting } from '@roottrading/trading-settings';
import { assertLiveReady, liveEnv } from './live/live-config.js';

export const traderEnvSchema = z.object({
  ...commonEnv,
  ...httpAccessEnv,
  // Live mode (TRADING_MODE=live): exchange keys, confirmation, API token, limits; see live/live-config.ts.
  ...liveEnv,
  // What decides trades (balances, fees, sizing, risk, market rules): shared with the backtester.
  ...accountEnv,
  TRADER_PORT: port(5002),
  ACCOUNT_INTERVAL: durationSetting('60s').refine((ms) => ms >= 1_000, { message: 'must be at least 1s' }),
  TRADER_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_", ":" or "-"')
    .default('trader-1'),
  /**
   * Paper mode steps every symbol's candle at T before any at T+1; a symbol that delivers nothing
   * newer for this long (its feed ended or stalled) is no longer waited for.
   */
  MARKET_WAIT: durationSetting('10s').refine((ms) => ms >= 100, { message: 'must be at least 100ms' }),
  /** Live: how long a closed candle waits for its analysed entry before its exits run without its signals. */
  ANALYZER_WAIT: durationSetting('5s').refine((ms) => ms >= 100, { message: 'must be at least 100ms' }),
  /**
   * When the analysed-candle stream has delivered nothing for this long, the outbox is checked for
   * entries after the last one delivered (the stream lost them with Redis's data): checked this often.
   */
  OUTBOX_RELAY_EVERY: durationSetting('5s').refine((ms) => ms >= 100, { message: 'must be at least 100ms' }),
  /** Outbox entries (analysed_candles) are kept this much candle time before the last one stepped, then deleted. */
  OUTBOX_KEEP: durationSetting('7d'),
  /** The strategy instances (the analyzer runs them): the trader reads each one's capital budget from it. */
  STRATEGIES_FILE: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
  /** A stream entry another consumer left unacknowledged this long is claimed by us. */
  SIGNAL_CLAIM_IDLE_MS: int(30_000, 1),
});

export type TraderConfig = z.output<typeof traderEnvSchema>;

/** Parses the trader's environment; a bad value throws a one-line ConfigError naming the variable. */
export function loadTraderConfig(env: Record<string, string | undefined> = process.env): TraderConfig {
  const config = parseEnv(traderEnvSchema, env);
  // One line naming what live mode lacks (keys, LIVE_TRADING_CONFIRM=yes, TRADER_API_TOKEN); nothing in demo mode.
  assertLiveReady(config);
  return config;
}
