import { z } from 'zod';

/** Building blocks for each service's env schema; every message reads after the variable's name. */

export const port = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole port number')
    .min(0, 'must be a port from 0 to 65535')
    .max(65535, 'must be a port from 0 to 65535')
    .default(fallback);

export const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`)
    .default(fallback);

export const num = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: `must be a number from ${min} to ${max}` })
    .min(min, `must be a number from ${min} to ${max}`)
    .max(max, `must be a number from ${min} to ${max}`)
    .default(fallback);

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const url = (protocols: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol.replace(':', ''));
        } catch {
          return false;
        }
      },
      { message: `must be a ${protocols.join(' or ')} URL` },
    );

/** "BTC/USDC,ETH/USDC" (compact BTCUSDC accepted only when it splits on a known quote). */
export const symbolList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      const out: string[] = [];
      for (const part of raw
        .split(',')
        .map((p) => p.trim().toUpperCase())
        .filter(Boolean)) {
        const symbol = part.includes('/') ? part : splitCompact(part);
        if (!symbol || !/^[A-Z0-9]{2,15}\/[A-Z0-9]{2,15}$/.test(symbol)) {
          ctx.addIssue({
            code: 'custom',
            message: `must be a comma-separated list like BTC/USDC,ETH/USDC ("${part}" is not)`,
          });
          return z.NEVER;
        }
        if (!out.includes(symbol)) out.push(symbol);
      }
      if (out.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'must name at least one symbol, e.g. BTC/USDC' });
        return z.NEVER;
      }
      return out;
    });

const KNOWN_QUOTES = ['USDC', 'USDT', 'FDUSD', 'BUSD', 'TUSD', 'USD', 'EUR', 'BTC', 'ETH', 'BNB'];

function splitCompact(compact: string): string | undefined {
  const quote = KNOWN_QUOTES.find((q) => compact.endsWith(q) && compact.length > q.length);
  return quote ? `${compact.slice(0, -quote.length)}/${quote}` : undefined;
}

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  .default('info');

/** Fewest characters BUS_SECRET may have: 128 bits as hex, and more than a word anyone would guess. */
export const MIN_BUS_SECRET_LENGTH = 32;

/**
 * BUS_SECRET: the key every bus message is signed with (HMAC-SHA256), so only a process that holds
 * it can put a candle, a signal or a balance on the bus. Unset (or empty), messages go unsigned.
 */
export const busSecret = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v))
  .refine((v) => v === undefined || v.length >= MIN_BUS_SECRET_LENGTH, {
    message: `must be at least ${MIN_BUS_SECRET_LENGTH} characters (e.g. openssl rand -hex 32), or unset for unsigned messages`,
  })
  .refine((v) => v === undefined || v === v.trim(), { message: 'must not start or end with spaces' });

/**
 * CANDLE_MAX_JUMP: how far (in %) a candle's high or low may be from the last accepted close before
 * the candle needs confirmation (see CandleGate in @roottrading/engine). "20" or "20%"; "0" turns
 * the jump rule off (the other candle checks always run). Kept as exact decimal text.
 */
export const candleMaxJump = z
  .string()
  .trim()
  .default('20')
  .transform((raw, ctx) => {
    const text = raw.endsWith('%') ? raw.slice(0, -1).trim() : raw;
    if (!/^(0|[1-9]\d{0,2})(\.\d{1,4})?$/.test(text) || Number(text) > 100) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a percentage from 0 to 100, e.g. 20 or 20% (0 = no jump check)',
      });
      return z.NEVER;
    }
    return text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  });

/** Variables every service reads. */
export const commonEnv = {
  REDIS_URL: url(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgres://postgres@127.0.0.1:5432/roottrading'),
  BUS_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9:_-]*$/, 'may hold only letters, digits, ":", "_" and "-"')
    .default(''),
  BUS_SECRET: busSecret,
  LOG_LEVEL: logLevel,
  SYMBOLS: symbolList('BTC/USDC'),
  INTERVAL: z
    .string()
    .regex(/^[1-9]\d*[smhdw]$/, 'must be an interval like 1m, 5m, 1h')
    .default('1m'),
  /** Where HTTP servers listen: loopback by default; docker-compose sets 0.0.0.0 inside containers. */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  TRADING_MODE: z.enum(['demo', 'live'], { message: 'must be demo or live' }).default('demo'),
  /** Read by everyone who checks candles (gateway, analyzer, trader, backtester): one limit, one verdict. */
  CANDLE_MAX_JUMP: candleMaxJump,
};
