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
  /** Candle time (the candle clock) when it was placed or loaded: only candles opening after it can fill it. */
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
