import type { Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { DemoFill } from '../fills/paper-fill.js';
import type { MarketRules } from '../markets/market-rules.js';

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
