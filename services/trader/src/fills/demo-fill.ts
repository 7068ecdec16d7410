import { Decimal, floorToStep, toPlain } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { MarketRules } from '../markets/markets.js';

/** Fees are charged in the quote currency, rounded half-even to 8 decimals (an exchange's usual precision). */
export const FEE_DECIMALS = 8;

export interface FillCosts {
  /** Fraction of the quote amount, e.g. 0.001. */
  feeRate: Decimal;
  /** Fraction the fill price moves against us, e.g. 0.0005. */
  slippage: Decimal;
}

export interface FillRequest {
  side: Side;
  /** Base quantity asked for; rounded down to the market's step here. */
  quantity: Decimal;
  /** The price the order meets: the signal's candle close, or the last price for a manual order. */
  referencePrice: Decimal;
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
  const price = fillPrice(side, req.referencePrice, costs.slippage, rules.tickSize);
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
  const fee = feeFor(quoteQuantity, costs.feeRate);

  if (side === 'BUY') {
    const need = quoteQuantity.plus(fee);
    if (available.quote.lt(need)) {
      return reject(`insufficient ${rules.quote}: need ${toPlain(need)} have ${toPlain(available.quote)}`);
    }
    const fill = { price, quantity, quoteQuantity, fee, feeCurrency: rules.quote };
    return { ok: true, fill: { ...fill, baseDelta: quantity, quoteDelta: need.neg() } };
  }
  if (available.base.lt(quantity)) {
    return reject(`insufficient ${rules.base}: need ${toPlain(quantity)} have ${toPlain(available.base)}`);
  }
  const fill = { price, quantity, quoteQuantity, fee, feeCurrency: rules.quote };
  return { ok: true, fill: { ...fill, baseDelta: quantity.neg(), quoteDelta: quoteQuantity.minus(fee) } };
}
