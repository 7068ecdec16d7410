import type { z } from 'zod';
import { balancesMessageSchema, candleSchema, signalSchema, totalBalanceMessageSchema } from './messages.js';
import { compactSymbol } from './symbols.js';

/** A named channel and the schema of what travels on it; the bus validates both ways against it. */
export interface Topic<S extends z.ZodType = z.ZodType> {
  readonly channel: string;
  readonly schema: S;
}

export const CHANNEL = {
  marketData: 'market:data',
  signal: 'analyze:signal',
  balances: 'account:balances',
  totalBalance: 'account:total_balance',
} as const;

/** Redis keys that are not pub/sub channels (streams, counters), namespaced like channels. */
export const KEY = {
  signalStream: 'analyze:signal:stream',
  /** One entry per analysed candle (the candle and its signals), appended by the analyzer. */
  analysedCandleStream: 'analyze:candle:stream',
  signalGroup: 'trader',
  analyzerProgress: 'analyzer:progress',
  /** The paper trader's count of analysed candles stepped (or skipped as already stepped). */
  traderProgress: 'trader:progress',
} as const;

export const topics = {
  marketData: (symbol: string) => ({
    channel: `${CHANNEL.marketData}:${compactSymbol(symbol)}`,
    schema: candleSchema,
  }),
  signal: { channel: CHANNEL.signal, schema: signalSchema },
  balances: { channel: CHANNEL.balances, schema: balancesMessageSchema },
  totalBalance: { channel: CHANNEL.totalBalance, schema: totalBalanceMessageSchema },
} satisfies Record<string, Topic | ((symbol: string) => Topic)>;
