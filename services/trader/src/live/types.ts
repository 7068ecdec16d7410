import type { Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';

/** Exchange-side data in our terms: symbols "BTC/USDC", sides BUY/SELL, amounts as Decimal (never floats). */

export type OrderType = 'market' | 'limit';
export type Role = 'maker' | 'taker';

/** A spot market's trading rules as the exchange states them. */
export interface LiveMarket {
  symbol: string;
  base: string;
  quote: string;
  /** Prices are multiples of this. */
  tickSize: Decimal;
  /** Quantities are multiples of this. */
  stepSize: Decimal;
  minAmount: Decimal;
  maxAmount: Decimal | null;
  /** Smallest order value in the quote currency (0 when the exchange states none). */
  minNotional: Decimal;
  active: boolean;
}

export type Markets = ReadonlyMap<string, LiveMarket>;

export type ExchangeOrderStatus = 'open' | 'closed' | 'canceled' | 'expired' | 'rejected';

export interface ExchangeFill {
  /** The exchange's trade id: unique per symbol, what "recorded once" is keyed on. */
  tradeId: string;
  orderId: string;
  symbol: string;
  side: Side;
  price: Decimal;
  quantity: Decimal;
  quoteQuantity: Decimal;
  fee: Decimal;
  feeCurrency: string;
  /** null when the exchange's reply does not say (then the fills are read again from the trade list). */
  role: Role | null;
  timestamp: number;
}

export interface ExchangeOrder {
  id: string;
  /** Ours start with "rt-"; anything else was placed by someone else. */
  clientOrderId: string | null;
  symbol: string;
  side: Side;
  type: string;
  status: ExchangeOrderStatus;
  amount: Decimal;
  filled: Decimal;
  /** Quote amount filled so far. */
  cost: Decimal;
  /** The limit price; null for market orders. */
  price: Decimal | null;
  timestamp: number;
  /** Fills carried by the reply itself (binance's FULL response); null when it carries none. */
  fills: ExchangeFill[] | null;
}

export interface ExchangeBalance {
  asset: string;
  free: Decimal;
  locked: Decimal;
}

/** The spot balances as one reading of the account. */
export interface BalanceReading {
  balances: ExchangeBalance[];
  /**
   * The exchange's time of the reading (binance's account `updateTime`): every fill up to it is in
   * these balances, none after it. Null when the exchange does not say.
   */
  asOf: number | null;
}
