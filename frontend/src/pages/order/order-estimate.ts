import type { TradeRow } from '@roottrading/contracts';
import { addDecimals, compareDecimals, isDecimal, isZero, mulDecimals, ratio } from '../../format/decimal';
import { quoteOf } from '../../format/precision';

/** The trader's default FEE_RATE, assumed until a trade shows the real one. */
export const DEFAULT_FEE_RATE = '0.001';

export interface FeeRate {
  rate: string;
  /** true when derived from a trade; false when it is the default. */
  observed: boolean;
}

/** The fee rate the trader charges, read off the latest trade in this quote currency (fee / value). */
export function observedFeeRate(trades: readonly TradeRow[] | undefined, quote: string): FeeRate {
  const trade = trades?.find(
    (t) =>
      quoteOf(t.symbol) === quote && t.feeCurrency === quote && isDecimal(t.quoteQuantity) && !isZero(t.quoteQuantity),
  );
  const r = trade ? ratio(trade.fee, trade.quoteQuantity) : null;
  if (r === null || r < 0) return { rate: DEFAULT_FEE_RATE, observed: false };
  // Fees are rounded to 8 decimals, so the ratio is the rate give or take; six digits recover it.
  return { rate: String(Number(r.toFixed(6))), observed: true };
}

export interface Estimate {
  /** quantity × last price, in the quote currency. */
  value: string;
  fee: string;
  /** What a BUY takes from the quote balance (value + fee); what a SELL brings in (value − fee) is not needed. */
  total: string;
  /** A BUY costs more than the free quote balance, or a SELL is more than the free base balance. */
  exceedsBalance: boolean;
}

/**
 * What the order will roughly cost before it is sent. The fill is at the last price plus the
 * trader's slippage, so this is an estimate and shown as one.
 */
export function estimateOrder(input: {
  side: 'BUY' | 'SELL';
  quantity: string;
  price: string | undefined;
  feeRate: string;
  freeQuote?: string;
  freeBase?: string;
}): Estimate | undefined {
  const { side, quantity, price, feeRate } = input;
  const q = quantity.trim();
  if (!price || !isDecimal(q) || !isDecimal(price) || compareDecimals(q, '0') <= 0) return undefined;
  const value = mulDecimals(q, price);
  const fee = mulDecimals(value, feeRate);
  const total = side === 'BUY' ? addDecimals(value, fee) : value;
  const exceedsBalance =
    side === 'BUY'
      ? input.freeQuote !== undefined && compareDecimals(total, input.freeQuote) > 0
      : input.freeBase !== undefined && compareDecimals(q, input.freeBase) > 0;
  return { value, fee, total, exceedsBalance };
}
