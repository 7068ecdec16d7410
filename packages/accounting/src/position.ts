import { DB_SCALE, dec, type Decimal } from './decimal.js';

/** An open long position at average cost: quantity held and what it cost in the quote currency (fees apart). */
export interface Holding {
  quantity: Decimal;
  cost: Decimal;
}

export interface FillEffect {
  holding: Holding;
  /** Gross realized PnL of this fill (sells only), before fees. */
  realized: Decimal | null;
}

export const EMPTY_HOLDING: Holding = { quantity: dec(0), cost: dec(0) };

export function averagePrice(h: Holding): Decimal | null {
  return h.quantity.isZero() ? null : h.cost.div(h.quantity);
}

/**
 * Applies one fill to a holding at average cost. A sell removes cost in proportion to the quantity
 * sold (all of it when the position closes), rounded to the database scale; realized PnL is the
 * proceeds less exactly that cost, so cash + cost basis always balances to the cent and beyond.
 */
export function applyFill(h: Holding, side: 'BUY' | 'SELL', quantity: Decimal, price: Decimal): FillEffect {
  const notional = quantity.mul(price);
  if (side === 'BUY') {
    return { holding: { quantity: h.quantity.plus(quantity), cost: h.cost.plus(notional) }, realized: null };
  }
  if (quantity.gt(h.quantity)) {
    throw new RangeError(`cannot sell ${quantity.toFixed()} from a holding of ${h.quantity.toFixed()}`);
  }
  const closes = quantity.eq(h.quantity);
  const costRemoved = closes ? h.cost : h.cost.mul(quantity).div(h.quantity).toDecimalPlaces(DB_SCALE);
  return {
    holding: { quantity: h.quantity.minus(quantity), cost: closes ? dec(0) : h.cost.minus(costRemoved) },
    realized: notional.minus(costRemoved),
  };
}
