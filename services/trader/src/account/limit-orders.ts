import { dec, type Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { OrderRow } from '@roottrading/db';
import {
  reservationOf,
  simulateFill,
  type FillCosts,
  type MarketRules,
  type Reservation,
  type ReplayedCandle,
} from '@roottrading/engine';

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
