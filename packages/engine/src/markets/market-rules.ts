import type { Decimal } from '@roottrading/accounting';

/** What an exchange enforces for one market, and what the paper executor enforces as it would. */
export interface MarketRules {
  symbol: string;
  base: string;
  quote: string;
  /** Prices are multiples of this. */
  tickSize: Decimal;
  /** Base quantities are multiples of this. */
  stepSize: Decimal;
  /** Smallest order value, in the quote currency. */
  minNotional: Decimal;
}

export type Markets = ReadonlyMap<string, MarketRules>;
