import { dec, type Decimal, type DecimalValue } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';

/**
 * Where a candle fills a resting limit order, or null: a BUY when its low reaches the price, a
 * SELL when its high does — at the limit price, or at the open when the candle opened already
 * beyond it (the better price: `gapped`).
 */
export function limitFill(
  side: Side,
  price: Decimal,
  candle: { open: DecimalValue; high: DecimalValue; low: DecimalValue },
): { price: Decimal; gapped: boolean } | null {
  const open = dec(candle.open);
  if (side === 'BUY') {
    if (dec(candle.low).gt(price)) return null;
    return open.lt(price) ? { price: open, gapped: true } : { price, gapped: false };
  }
  if (dec(candle.high).lt(price)) return null;
  return open.gt(price) ? { price: open, gapped: true } : { price, gapped: false };
}

/** A stored candle as the start-up catch-up replays it (times in ms). */
export interface ReplayedCandle {
  symbol: string;
  startTime: number;
  closeTime: number;
  open: string;
  high: string;
  low: string;
}

/**
 * The first of `candles` (oldest first) opening after `after` that trades through the order's
 * price, and where it fills it; null when none does.
 */
export function firstLimitFill<C extends ReplayedCandle>(
  order: { side: Side; price: Decimal },
  after: number,
  candles: readonly C[],
): { candle: C; price: Decimal; gapped: boolean } | null {
  for (const candle of candles) {
    if (candle.startTime <= after) continue;
    const hit = limitFill(order.side, order.price, candle);
    if (hit) return { candle, ...hit };
  }
  return null;
}
