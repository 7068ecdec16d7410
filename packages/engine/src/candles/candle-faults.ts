import { msToInterval, type Candle } from '@roottrading/contracts';
import { compareOf as cmp, plainDouble, signOf as sign } from './decimal-text.js';

/** The prices and times a candle check reads: the bus's candle, prices as decimal text. */
export type CheckedCandle = Pick<
  Candle,
  'symbol' | 'startTime' | 'closeTime' | 'open' | 'high' | 'low' | 'close' | 'volume'
>;

/**
 * Whose clock says what "the future" is. A number is the wall clock (live prices): a candle closing
 * after it is refused. `market` is the market's own time (replay, synthetic, backtest): no wall
 * clock may decide anything there (CandleGate holds a jump in time instead, like a jump in price).
 */
export type GateClock = number | 'market';

const WEEK_MS = 7 * 86_400_000;
/** Weekly candles open on Mondays (as the exchanges' do); epoch day 0 was a Thursday, 4 days after one. */
const MONDAY_OFFSET_MS = 4 * 86_400_000;

/**
 * What makes a candle impossible, or null: a price at or below zero, a negative volume, a high
 * below the open or close, a low above them, an open time off the interval's grid, a close time
 * that is not one interval after it, or a close later than the wall clock when `clock` is one. These
 * are facts of the one candle alone, so every service that checks it gets the same answer.
 */
export function candleFault(c: CheckedCandle, intervalMs: number, clock: GateClock = 'market'): string | null {
  // Each price's double, parsed once: the doubles settle every comparison but ties (decimal-text.ts).
  const open = plainDouble(c.open);
  if (sign(c.open, open) <= 0) return `open ${c.open} is not a positive price`;
  const high = plainDouble(c.high);
  if (sign(c.high, high) <= 0) return `high ${c.high} is not a positive price`;
  const low = plainDouble(c.low);
  if (sign(c.low, low) <= 0) return `low ${c.low} is not a positive price`;
  const close = plainDouble(c.close);
  if (sign(c.close, close) <= 0) return `close ${c.close} is not a positive price`;
  if (sign(c.volume, plainDouble(c.volume)) < 0) return `volume ${c.volume} is negative`;
  if (cmp(c.high, high, c.open, open) < 0) return `high ${c.high} below open ${c.open}`;
  if (cmp(c.high, high, c.close, close) < 0) return `high ${c.high} below close ${c.close}`;
  if (cmp(c.low, low, c.open, open) > 0) return `low ${c.low} above open ${c.open}`;
  if (cmp(c.low, low, c.close, close) > 0) return `low ${c.low} above close ${c.close}`;
  const offset = intervalMs % WEEK_MS === 0 ? MONDAY_OFFSET_MS : 0;
  if ((c.startTime - offset) % intervalMs !== 0) {
    return `open time ${iso(c.startTime)} not aligned to ${msToInterval(intervalMs)}`;
  }
  if (c.closeTime !== c.startTime + intervalMs - 1) {
    return `close time ${iso(c.closeTime)} is not one ${msToInterval(intervalMs)} after the open ${iso(c.startTime)}`;
  }
  if (clock !== 'market' && c.closeTime > clock) {
    return `open time ${iso(c.startTime)} in the future: the candle closes after ${iso(clock)}`;
  }
  return null;
}

export const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
