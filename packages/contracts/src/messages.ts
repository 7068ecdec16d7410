import { z } from 'zod';
import { decimalString } from './decimal.js';
import { intervalSchema } from './intervals.js';
import { protectionFields, signalExitFields } from './risk.js';
import { symbolSchema } from './symbols.js';

const epochMs = z.number().int().nonnegative();

export const tradingModeSchema = z.enum(['demo', 'live']);
export type TradingMode = z.infer<typeof tradingModeSchema>;

export const sideSchema = z.enum(['BUY', 'SELL']);
export type Side = z.infer<typeof sideSchema>;

/** A closed candle on `market:data:{SYMBOL}`. Times are epoch milliseconds (the seed's startTime/closeTime). */
export const candleSchema = z
  .object({
    symbol: symbolSchema,
    interval: intervalSchema,
    startTime: epochMs,
    closeTime: epochMs,
    open: decimalString,
    high: decimalString,
    low: decimalString,
    close: decimalString,
    volume: decimalString,
    /** Where the price came from: "ccxt:binance", "replay" or "synthetic" — never mistake simulated for real. */
    source: z.string().min(1),
  })
  .refine((c) => c.closeTime > c.startTime, { message: 'closeTime must be after startTime', path: ['closeTime'] });
export type Candle = z.infer<typeof candleSchema>;

/** A strategy's decision on `analyze:signal` (and on the durable signal stream). */
export const signalSchema = z.object({
  /** Deterministic: derived from strategy, parameters, symbol, interval and candle open time. */
  id: z.string().min(8).max(128),
  strategy: z.string().min(1),
  symbol: symbolSchema,
  interval: intervalSchema,
  side: sideSchema,
  /** The candle's open time (ms). */
  timestamp: epochMs,
  /** The candle's close. */
  price: decimalString,
  metadata: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  /** Wall-clock time the analyzer emitted it (ms); SIGNAL_MAX_AGE is measured from here. */
  createdAt: epochMs,
  /** Optional protective exits for the position a BUY opens (prices), set by the strategy's config. */
  ...protectionFields,
  ...signalExitFields,
});
export type Signal = z.infer<typeof signalSchema>;

/**
 * One analysed candle on the durable analysed-candle stream: the candle and every signal its close
 * produced, possibly none, in strategy order. The trader steps its engine from these alone, so a
 * candle's exits and its signals are always taken in the same order. Every signal is of that candle.
 */
export const analysedCandleSchema = z
  .object({ candle: candleSchema, signals: z.array(signalSchema) })
  .refine(
    (e) =>
      e.signals.every(
        (s) => s.symbol === e.candle.symbol && s.interval === e.candle.interval && s.timestamp === e.candle.startTime,
      ),
    { message: "every signal must be of the entry's candle (symbol, interval, open time)", path: ['signals'] },
  );
export type AnalysedCandle = z.infer<typeof analysedCandleSchema>;

export const assetBalanceSchema = z.object({
  asset: z.string().min(1),
  free: decimalString,
  locked: decimalString,
  total: decimalString,
  /** Value of `total` in `valueCurrency` at the last price, or null when no price is known. */
  value: decimalString.nullable(),
  valueCurrency: z.string().nullable(),
});
export type AssetBalance = z.infer<typeof assetBalanceSchema>;

/** The account's balances on `account:balances`. */
export const balancesMessageSchema = z.object({
  mode: tradingModeSchema,
  timestamp: epochMs,
  balances: z.array(assetBalanceSchema),
});
export type BalancesMessage = z.infer<typeof balancesMessageSchema>;

export const quoteTotalSchema = z.object({
  currency: z.string().min(1),
  /** cash + holdings at the last price. */
  total: decimalString,
  cash: decimalString,
  holdingsValue: decimalString,
  holdingsCost: decimalString,
  /** Prices used to value the holdings, by symbol. */
  prices: z.record(z.string(), decimalString),
});
export type QuoteTotal = z.infer<typeof quoteTotalSchema>;

/** The account's value per quote currency on `account:total_balance`. */
export const totalBalanceMessageSchema = z.object({
  mode: tradingModeSchema,
  timestamp: epochMs,
  totals: z.array(quoteTotalSchema),
});
export type TotalBalanceMessage = z.infer<typeof totalBalanceMessageSchema>;
