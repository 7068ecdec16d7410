import { Decimal, floorToStep, toPlain } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { LiveMarket, OrderType } from './types.js';

export interface OrderDraft {
  side: Side;
  type: OrderType;
  /** Base quantity asked for. */
  quantity: Decimal;
  /** Limit price asked for (limit orders). */
  price?: Decimal;
  /** The last known price: a market order's value is judged on it for the minimum-notional check. */
  referencePrice: Decimal;
}

export type PreparedOrder =
  | { ok: true; amount: Decimal; price: Decimal | null; notional: Decimal }
  | { ok: false; amount: Decimal; reason: string };

/**
 * Puts an order on the market's grid and checks it against the market's limits before anything
 * is sent, so the exchange never sees an order it would refuse for its shape. The quantity is
 * rounded DOWN to the step (never more than asked); a limit price is rounded to the tick in the
 * order's favour — a buy down, a sell up — so it never trades at a worse price than asked.
 */
export function prepareOrder(market: LiveMarket, draft: OrderDraft): PreparedOrder {
  const { symbol, base, quote } = market;
  const amount = floorToStep(draft.quantity, market.stepSize);
  const refuse = (reason: string): PreparedOrder => ({ ok: false, amount, reason });

  if (!market.active) return refuse(`${symbol} is not trading on the exchange right now`);
  if (amount.lte(0)) {
    return refuse(
      `quantity ${toPlain(draft.quantity)} ${base} is below the step ${toPlain(market.stepSize)} ${base} of ${symbol}`,
    );
  }
  if (amount.lt(market.minAmount)) {
    return refuse(
      `quantity ${toPlain(amount)} ${base} is below the minimum ${toPlain(market.minAmount)} ${base} of ${symbol}`,
    );
  }
  if (market.maxAmount !== null && amount.gt(market.maxAmount)) {
    return refuse(
      `quantity ${toPlain(amount)} ${base} is above the maximum ${toPlain(market.maxAmount)} ${base} of ${symbol}`,
    );
  }

  let price: Decimal | null = null;
  if (draft.type === 'limit') {
    if (!draft.price || draft.price.lte(0)) return refuse(`a limit order on ${symbol} needs a price above 0`);
    const ticks = draft.price.div(market.tickSize);
    price = (draft.side === 'BUY' ? ticks.floor() : ticks.ceil()).mul(market.tickSize);
    if (price.lte(0)) {
      return refuse(`price ${toPlain(draft.price)} rounds to 0 at the tick ${toPlain(market.tickSize)} of ${symbol}`);
    }
  } else if (draft.referencePrice.lte(0)) {
    return refuse(`no usable price for ${symbol} to check the order's value against`);
  }

  const notional = amount.mul(price ?? draft.referencePrice);
  if (notional.lt(market.minNotional)) {
    return refuse(
      `order value ${toPlain(notional)} ${quote} is below the minimum ${toPlain(market.minNotional)} ${quote} of ${symbol}`,
    );
  }
  return { ok: true, amount, price, notional };
}

/** A decimal from what ccxt or an exchange gives: a decimal string, or a number written back exactly. */
export function decimalOf(value: string | number | null | undefined): Decimal | null {
  if (value === null || value === undefined || value === '') return null;
  const d = new Decimal(typeof value === 'number' ? String(value) : value);
  return d.isFinite() ? d : null;
}
