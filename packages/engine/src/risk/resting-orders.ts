import { sum, type Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';

/** A resting limit order as the risk manager counts it. */
export interface RestingOrder {
  strategy: string;
  symbol: string;
  side: Side;
  /** The unfilled quantity. */
  remaining: Decimal;
  price: Decimal;
}

export interface RestingExposure {
  /** Resting BUYs of the entry's symbol, unfilled part at the limit price: exposure already asked for. */
  value: Decimal;
  /** Strategy/symbol pairs with a resting BUY and no position yet: positions on their way. */
  opening: number;
  /** The entry's own strategy and symbol already has such a BUY resting (so it opens no new position). */
  alreadyOpening: boolean;
}

/**
 * What resting BUY limit orders add to the risk manager's view of an entry: once they fill they
 * are exposure and positions, so they count from the moment they rest — otherwise a few limit
 * orders together could exceed the limits none of them exceeded alone.
 */
export function restingBuyExposure(
  orders: readonly RestingOrder[],
  hasPosition: (strategy: string, symbol: string) => boolean,
  entry: { strategy: string; symbol: string },
): RestingExposure {
  const buys = orders.filter((o) => o.side === 'BUY' && o.remaining.gt(0));
  const opening = new Set(
    buys.filter((o) => !hasPosition(o.strategy, o.symbol)).map((o) => `${o.strategy}\u0000${o.symbol}`),
  );
  return {
    value: sum(buys.filter((o) => o.symbol === entry.symbol).map((o) => o.remaining.mul(o.price))),
    opening: opening.size,
    alreadyOpening: opening.has(`${entry.strategy}\u0000${entry.symbol}`),
  };
}
