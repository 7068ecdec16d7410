import { dec, type Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { OrderRow } from '@roottrading/db';
import { simulateFill, type DemoFill, type FillCosts } from '../fills/demo-fill.js';
import type { MarketRules } from '../markets/markets.js';

/** A resting paper limit order as the per-candle path keeps it in memory. */
export interface OpenLimit {
  row: OrderRow;
  side: Side;
  price: Decimal;
  /**
   * Candle time (the candle clock) when it was placed — after a restart, the newest candle known or
   * replayed at start: only candles opening after it can fill it.
   */
  after: number;
}

export interface Reservation {
  asset: string;
  amount: Decimal;
}

/** What a limit order holds locked: a BUY its quote cost at the limit price (with a quote fee), a SELL its base. */
export function reservationOf(side: Side, fill: DemoFill, rules: MarketRules): Reservation {
  return side === 'BUY'
    ? { asset: rules.quote, amount: fill.quoteDelta.neg() }
    : { asset: rules.base, amount: fill.baseDelta.neg() };
}

/** The reservation of an order already resting, computed again the way it was placed (deterministic). */
export function reservationOfRow(row: OrderRow, rules: MarketRules, costs: FillCosts): Reservation {
  const huge = dec('1e30');
  const outcome = simulateFill({
    side: row.side,
    quantity: dec(row.quantity),
    referencePrice: dec(row.price ?? '0'),
    exactPrice: true,
    rules,
    costs,
    available: { base: huge, quote: huge },
  });
  if (!outcome.ok) throw new Error(`order ${row.client_order_id} cannot be valued again: ${outcome.reason}`);
  return reservationOf(row.side, outcome.fill, rules);
}

/**
 * Where a candle fills a resting limit order, or null: a BUY when its low reaches the price, a
 * SELL when its high does — at the limit price, or at the open when the candle opened already
 * beyond it (the better price: `gapped`).
 */
export function limitFill(
  side: Side,
  price: Decimal,
  candle: { open: string; high: string; low: string },
): { price: Decimal; gapped: boolean } | null {
  const open = dec(candle.open);
  if (side === 'BUY') {
    if (dec(candle.low).gt(price)) return null;
    return open.lt(price) ? { price: open, gapped: true } : { price, gapped: false };
  }
  if (dec(candle.high).lt(price)) return null;
  return open.gt(price) ? { price: open, gapped: true } : { price, gapped: false };
}

/** A resting order that a candle fills: where (`limitFill`). */
export interface DueLimit {
  open: OpenLimit;
  price: Decimal;
  gapped: boolean;
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
 * Where an order read back at start was placed, in candle terms: only candles opening after this
 * can fill it. The candle clock at placement (`OpenLimit.after`) is not stored; the row's
 * `created_at` bounds it from above — every candle the trader had seen had closed by then — so a
 * candle opening after `created_at` is one the order rested through, never one that began before
 * it existed. The candle that was forming when the order was placed is left out.
 */
export function placedAt(row: Pick<OrderRow, 'created_at'>): number {
  return row.created_at.getTime();
}

/**
 * The first of `candles` (oldest first) opening after `after` that trades through the order's
 * price, and where it fills it; null when none does.
 */
export function firstLimitFill<C extends ReplayedCandle>(
  order: Pick<OpenLimit, 'side' | 'price'>,
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

/**
 * Catch-up fills in the order they happened: by candle time, then by the symbol's place in
 * `symbols` (candles of the same minute), then by order id — what one candle at a time would do.
 */
export function inCandleOrder<T extends { candle: ReplayedCandle; open: OpenLimit }>(
  due: readonly T[],
  symbols: readonly string[],
): T[] {
  const rank = (symbol: string) => symbols.indexOf(symbol);
  const id = (d: T) => BigInt(d.open.row.id);
  return [...due].sort(
    (a, b) =>
      a.candle.startTime - b.candle.startTime ||
      rank(a.candle.symbol) - rank(b.candle.symbol) ||
      (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0),
  );
}
