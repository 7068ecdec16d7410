import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export interface SignalIdInput {
  strategy: string;
  /** Canonical JSON of the strategy's parameters (see canonicalJson). */
  paramsKey: string;
  symbol: string;
  interval: string;
  /** The candle's open time, epoch ms. */
  openTime: number;
}

/**
 * A signal's id: the first 32 hex digits of sha256 over what decided it. The same candle analysed
 * again (after a restart, or by a second analyzer) gets the same id, which the trader uses to refuse
 * a duplicate; different parameters give a different id.
 */
export function signalId(input: SignalIdInput): string {
  const text = canonicalJson([input.strategy, input.paramsKey, input.symbol, input.interval, input.openTime]);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
