import { dec, type Decimal } from './decimal.js';
import { applyFill, type Holding } from './position.js';

/**
 * Which asset a fee is charged in. Exchanges usually take it from what you receive: the base asset
 * on a buy (you get quantity − fee), the quote asset on a sell.
 */
export type FeeAsset = 'base' | 'quote';

/** One executed fill as the exchange (or the demo executor) reports it. */
export interface TradeFill {
  side: 'BUY' | 'SELL';
  /** Base quantity matched by the order. */
  quantity: Decimal;
  price: Decimal;
  /** The fee, in `feeAsset`. */
  fee: Decimal;
  feeAsset: FeeAsset;
}

export interface BalanceDeltas {
  /** Signed change of the free base balance. */
  base: Decimal;
  /** Signed change of the free quote balance. */
  quote: Decimal;
}

export interface TradeEffect {
  holding: Holding;
  /** Gross realized PnL of this fill (sells only), before fees. */
  realized: Decimal | null;
  /** The fee valued in the quote currency at the fill price. */
  feeQuote: Decimal;
  /** Base quantity the holding gained (buy) or gave up (sell); a base fee is part of it. */
  positionQuantity: Decimal;
  balances: BalanceDeltas;
}

/**
 * How a fill moves the free balances. A base fee on a buy is kept back from the quantity received;
 * a base fee on a sell is taken on top of the quantity sold; a quote fee is paid on top of a buy's
 * cost or kept back from a sell's proceeds.
 */
export function balanceDeltas(fill: TradeFill): BalanceDeltas {
  const notional = fill.quantity.mul(fill.price);
  const baseFee = fill.feeAsset === 'base' ? fill.fee : dec(0);
  const quoteFee = fill.feeAsset === 'quote' ? fill.fee : dec(0);
  if (fill.side === 'BUY') return { base: fill.quantity.minus(baseFee), quote: notional.plus(quoteFee).neg() };
  return { base: fill.quantity.plus(baseFee).neg(), quote: notional.minus(quoteFee) };
}

/**
 * Applies a fill with its fee to a holding at average cost.
 *
 * A fee in the base asset is treated as that quantity traded at the fill price and paid away:
 * on a buy the holding gets quantity − fee at the fill price (its cost is what was received, not
 * what was paid), on a sell the holding gives up quantity + fee. Either way the fee's quote value
 * is fee × price and the books balance exactly, per quote currency:
 *
 *   cash + holdings at cost = starting cash + gross realized PnL − fees (quote-valued)
 */
export function applyTrade(h: Holding, fill: TradeFill): TradeEffect {
  if (fill.fee.isNegative()) throw new RangeError('a fee cannot be negative');
  const balances = balanceDeltas(fill);
  const feeQuote = fill.feeAsset === 'quote' ? fill.fee : fill.fee.mul(fill.price);
  if (fill.side === 'BUY') {
    const received = balances.base;
    if (received.lte(0)) throw new RangeError('a base fee must be smaller than the quantity bought');
    const effect = applyFill(h, 'BUY', received, fill.price);
    return { holding: effect.holding, realized: null, feeQuote, positionQuantity: received, balances };
  }
  const given = balances.base.neg();
  const effect = applyFill(h, 'SELL', given, fill.price);
  return { holding: effect.holding, realized: effect.realized, feeQuote, positionQuantity: given, balances };
}

/**
 * A remainder too small to ever be sold (below the market's quantity step: what a base fee leaves
 * behind) leaves the position at its cost, realized as a loss, so the position can close. The
 * coins stay on the balance, as exchange "dust" does.
 */
export function writeOffRemainder(h: Holding): { holding: Holding; realized: Decimal } {
  return { holding: { quantity: dec(0), cost: dec(0) }, realized: h.cost.neg() };
}
