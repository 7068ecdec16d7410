import { z } from 'zod';
import { int, num } from '@roottrading/config';

const startTime = z
  .string()
  .trim()
  .default('2024-01-01T00:00:00Z')
  .transform((v, ctx) => {
    if (v.toLowerCase() === 'now') return 'now' as const;
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(ms) || ms < 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an ISO time like 2024-01-01T00:00:00Z, epoch milliseconds or now',
      });
      return z.NEVER;
    }
    return ms;
  });

/** The synthetic walk's variables: the gateway's MARKET_SOURCE=synthetic and `pnpm backtest --synthetic` read the same ones. */
export const syntheticEnv = {
  SYNTHETIC_SEED: int(42, 0, 4_294_967_295),
  SYNTHETIC_START_PRICE: num(30_000, 0.000001, 1e15),
  SYNTHETIC_TICK: z
    .string()
    .trim()
    .regex(/^(0|[1-9]\d*)(\.\d{1,12})?$/, 'must be a decimal like 0.01')
    .refine((v) => /[1-9]/.test(v), 'must be greater than zero')
    .default('0.01'),
  SYNTHETIC_VOLATILITY: num(0.001, 0, 0.2),
  SYNTHETIC_START_TIME: startTime,
  /** Candles per symbol, 0 = endless. */
  SYNTHETIC_COUNT: int(0, 0),
};
