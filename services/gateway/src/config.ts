import { z } from 'zod';
import { bool, commonEnv, httpAccessEnv, int, port } from '@roottrading/config';
import { syntheticEnv } from '@roottrading/market-data';

/** "max" or a positive multiplier of real time (60 = one 1m candle per second). */
const speed = z
  .string()
  .trim()
  .default('1')
  .transform((v, ctx) => {
    if (v.toLowerCase() === 'max') return 'max' as const;
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || n <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a positive number (1 = real time, 60 = 60× faster) or max' });
      return z.NEVER;
    }
    return n;
  });

/** A JSON object deep-merged into the ccxt exchange's `urls` (tests point ccxt at a local double with it). */
const jsonObject = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    try {
      const parsed: unknown = JSON.parse(v);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({
      code: 'custom',
      message: 'must be a JSON object, e.g. {"api":{"public":"http://127.0.0.1:8080/api/v3"}}',
    });
    return z.NEVER;
  });

export const gatewayEnvSchema = z
  .object({
    ...commonEnv,
    ...httpAccessEnv,
    GATEWAY_PORT: port(5010),
    MARKET_SOURCE: z
      .enum(['ccxt', 'replay', 'synthetic'], { message: 'must be ccxt, replay or synthetic' })
      .default('ccxt'),
    MARKET_SPEED: speed,
    MAX_LAG: int(500, 1),
    PACER_STALL_MS: int(30_000, 100),
    CANDLE_BATCH_SIZE: int(500, 1, 5_000),
    CANDLE_FLUSH_MS: int(250, 10, 60_000),

    EXCHANGE: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+$/, 'must be a ccxt exchange id like binance')
      .default('binance'),
    CCXT_URLS_JSON: jsonObject,
    CCXT_WS: bool(true),
    CCXT_POLL_MS: int(5_000, 100),
    CCXT_BACKOFF_MS: int(1_000, 10),
    CCXT_BACKOFF_MAX_MS: int(60_000, 10),
    CCXT_TIMEOUT_MS: int(10_000, 100),

    REPLAY_DIR: z.string().trim().optional(),

    ...syntheticEnv,
  })
  .superRefine((env, ctx) => {
    if (env.MARKET_SOURCE === 'replay' && !env.REPLAY_DIR) {
      ctx.addIssue({
        code: 'custom',
        path: ['REPLAY_DIR'],
        message: 'must name a directory of candle files when MARKET_SOURCE=replay',
      });
    }
    if (env.CCXT_BACKOFF_MAX_MS < env.CCXT_BACKOFF_MS) {
      ctx.addIssue({ code: 'custom', path: ['CCXT_BACKOFF_MAX_MS'], message: 'must be at least CCXT_BACKOFF_MS' });
    }
  });

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
