import type { Market } from 'ccxt';
import { dec, type Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import { decimalOf } from './order-rules.js';
import type { ExchangeOrderStatus, LiveMarket } from './types.js';

// ccxt's shapes in our terms.

/** binance's filters as written (exact strings), falling back on ccxt's parsed precision and limits. */
export function toLiveMarket(m: NonNullable<Market>): LiveMarket {
  const filters = ((m.info as { filters?: Record<string, unknown>[] } | undefined)?.filters ?? []).reduce<
    Record<string, Record<string, unknown>>
  >((acc, f) => ({ ...acc, [String(f.filterType)]: f }), {});
  const pick = (filter: string, key: string) => {
    const v = filters[filter]?.[key];
    return typeof v === 'string' || typeof v === 'number' ? decimalOf(v) : null;
  };
  const positive = (d: Decimal | null) => (d && d.gt(0) ? d : null);
  const tickSize = positive(pick('PRICE_FILTER', 'tickSize')) ?? positive(decimalOf(m.precision?.price));
  const stepSize = positive(pick('LOT_SIZE', 'stepSize')) ?? positive(decimalOf(m.precision?.amount));
  if (!tickSize || !stepSize) throw new Error(`market ${m.symbol} states no tick size or step size`);
  return {
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    tickSize,
    stepSize,
    minAmount: pick('LOT_SIZE', 'minQty') ?? decimalOf(m.limits?.amount?.min) ?? dec(0),
    maxAmount: positive(pick('LOT_SIZE', 'maxQty')) ?? positive(decimalOf(m.limits?.amount?.max)),
    minNotional:
      pick('NOTIONAL', 'minNotional') ??
      pick('MIN_NOTIONAL', 'minNotional') ??
      decimalOf(m.limits?.cost?.min) ??
      dec(0),
    active: m.active !== false,
  };
}

export function sideOf(side: string | undefined): Side {
  return side?.toLowerCase() === 'sell' ? 'SELL' : 'BUY';
}

export function statusOf(status: string | undefined): ExchangeOrderStatus {
  switch (status) {
    case 'closed':
    case 'canceled':
    case 'expired':
    case 'rejected':
      return status;
    default:
      // 'open', ccxt's 'canceling', or anything new: not final, so it is watched further.
      return 'open';
  }
}
