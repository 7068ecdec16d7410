import { balanceDeltas, Decimal, floorToStep, toPlain, type FeeAsset } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { MarketRules } from '../markets/market-rules.js';

/** Fees are rounded half-even to 8 decimals (an exchange's usual precision), in whichever asset they are charged. */
export const FEE_DECIMALS = 8;

export interface FillCosts {
  /** Fraction of the traded amount, e.g. 0.001. */
  feeRate: Decimal;
  /** Fraction the fill price moves against us, e.g. 0.0005. */
  slippage: Decimal;
  /**
   * DEMO_FEE_ASSET: "quote" charges every fee in the quote asset; "base" charges a buy's fee in
   * the base asset (the buyer receives quantity − fee, as on an exchange) and a sell's in the quote.
   */
  feeAsset?: 'quote' | 'base';
}

export interface FillRequest {
  side: Side;
  /** Base quantity asked for; rounded down to the market's step here. */
  quantity: Decimal;
  /** The price the order meets: the signal's candle close, or the last price for a manual order. */
  referencePrice: Decimal;
  /**
   * Fill at the reference price itself, without slippage (still on the tick, rounded against us):
   * protective exits fill at the stop, target or trailing level, or at the open that gapped past it.
   */
  exactPrice?: boolean;
  rules: MarketRules;
  costs: FillCosts;
  /** Free balances of the market's base and quote assets. */
  available: { base: Decimal; quote: Decimal };
}

export interface DemoFill {
  price: Decimal;
  quantity: Decimal;
  /** price × quantity, exact. */
  quoteQuantity: Decimal;
  fee: Decimal;
  feeCurrency: string;
  feeAsset: FeeAsset;
  /** The fee valued in the quote currency at the fill price. */
  feeQuote: Decimal;
  /** How the free balances change: base and quote, signed. */
  baseDelta: Decimal;
  quoteDelta: Decimal;
}

export type FillOutcome = { ok: true; fill: DemoFill } | { ok: false; quantity: Decimal; reason: string };

const ONE = new Decimal(1);
/**
 * NUMERIC(38,18) holds 20 integer digits. A value past that could never be stored, and a signal
 * whose insert always fails would be retried forever, so it is rejected like any other order.
 */
const MAX_STORABLE = new Decimal('1e20');

/**
 * The slipped price on the market's tick. Rounded against us (buys up, sells down) so the demo
 * never flatters a strategy: a buy never pays less, a sell never receives more, than close ± slippage.
 */
export function fillPrice(side: Side, reference: Decimal, slippage: Decimal, tick: Decimal): Decimal {
  const slipped = side === 'BUY' ? reference.mul(ONE.plus(slippage)) : reference.mul(ONE.minus(slippage));
  const ticks = slipped.div(tick);
  return (side === 'BUY' ? ticks.ceil() : ticks.floor()).mul(tick);
}

export function feeFor(quoteQuantity: Decimal, feeRate: Decimal): Decimal {
  return quoteQuantity.mul(feeRate).toDecimalPlaces(FEE_DECIMALS, Decimal.ROUND_HALF_EVEN);
}

/**
 * Fills a market order against a price the way the paper account does: deterministic (the same
 * inputs give the same fill, so a replay gives the same trades), and refusing what an exchange
 * would refuse — quantity below the step, value below the minimum, not enough free balance.
 */
export function simulateFill(req: FillRequest): FillOutcome {
  const { side, rules, costs, available } = req;
  const quantity = floorToStep(req.quantity, rules.stepSize);
  const reject = (reason: string): FillOutcome => ({ ok: false, quantity, reason });

  if (quantity.lte(0)) {
    return reject(
      `quantity ${toPlain(req.quantity)} ${rules.base} is below the step ${toPlain(rules.stepSize)} of ${rules.symbol}`,
    );
  }
  if (req.referencePrice.lte(0))
    return reject(`price ${toPlain(req.referencePrice)} of ${rules.symbol} is not positive`);
  const price = fillPrice(side, req.referencePrice, req.exactPrice ? new Decimal(0) : costs.slippage, rules.tickSize);
  if (price.lte(0)) {
    return reject(
      `price ${toPlain(req.referencePrice)} rounds to zero at the tick ${toPlain(rules.tickSize)} of ${rules.symbol}`,
    );
  }
  const quoteQuantity = price.mul(quantity);
  if (price.gte(MAX_STORABLE) || quoteQuantity.gte(MAX_STORABLE)) {
    return reject(`order value ${toPlain(quoteQuantity)} ${rules.quote} is too large to record`);
  }
  if (quoteQuantity.lt(rules.minNotional)) {
    return reject(
      `order value ${toPlain(quoteQuantity)} ${rules.quote} is below the minimum ${toPlain(rules.minNotional)} ${rules.quote} of ${rules.symbol}`,
    );
  }
  const feeAsset: FeeAsset = side === 'BUY' && costs.feeAsset === 'base' ? 'base' : 'quote';
  const fee = feeFor(feeAsset === 'base' ? quantity : quoteQuantity, costs.feeRate);
  const feeQuote = feeAsset === 'base' ? fee.mul(price) : fee;
  const deltas = balanceDeltas({ side, quantity, price, fee, feeAsset });
  const fill = {
    price,
    quantity,
    quoteQuantity,
    fee,
    feeCurrency: feeAsset === 'base' ? rules.base : rules.quote,
    feeAsset,
    feeQuote,
    baseDelta: deltas.base,
    quoteDelta: deltas.quote,
  };

  if (side === 'BUY') {
    const need = deltas.quote.neg();
    if (available.quote.lt(need)) {
      return reject(`insufficient ${rules.quote}: need ${toPlain(need)} have ${toPlain(available.quote)}`);
    }
    if (deltas.base.lte(0)) return reject(`the fee ${toPlain(fee)} ${rules.base} leaves nothing of the purchase`);
    return { ok: true, fill };
  }
  const need = deltas.base.neg();
  if (available.base.lt(need)) {
    return reject(`insufficient ${rules.base}: need ${toPlain(need)} have ${toPlain(available.base)}`);
  }
  return { ok: true, fill };
}
