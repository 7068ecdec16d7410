import type { Decimal } from '@roottrading/accounting';
import type { Side, TradingMode } from '@roottrading/contracts';
import type { OrderType, Role } from './types.js';

/**
 * What the trader asks of whoever carries out its orders — the paper account in demo mode, the
 * exchange in live mode. The trader decides (position rules, risk) and records; the executor only
 * executes and says what happened, in the same shape for both modes.
 */
export interface PlaceOrderRequest {
  /** "rt-s-…" (from the signal id) or "rt-m-…" (manual), 36 characters: see orders/client-order-id.ts. */
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  /** Base quantity asked for; rounded down to the market's step by the executor. */
  quantity: Decimal;
  /** Limit orders: the price asked for; rounded to the tick in the order's favour. */
  price?: Decimal;
  /** The last price (candle close or last trade): what a market order's value is checked against. */
  referencePrice: Decimal;
}

export interface ExecutedFill {
  /** The exchange's trade id (unique per symbol); null for a paper fill. */
  tradeId: string | null;
  price: Decimal;
  quantity: Decimal;
  quoteQuantity: Decimal;
  fee: Decimal;
  /** Binance charges the asset received (base on a buy, quote on a sell) or BNB. */
  feeCurrency: string;
  /**
   * The fee in the symbol's quote currency (fee-valuation.ts): a base fee × the fill price, a quote
   * fee as is, a third asset's (BNB) × its last price in the quote; null when that price could not
   * be read. Left out: not valued yet (the store values base and quote fees itself).
   */
  feeQuote?: Decimal | null;
  role: Role;
  timestamp: number;
}

export interface PlacedOrder {
  clientOrderId: string;
  /** The exchange's order id; null for a paper order. */
  exchangeOrderId: string | null;
  symbol: string;
  side: Side;
  type: OrderType;
  /** As sent: on the step. */
  quantity: Decimal;
  /** Limit price as sent (on the tick); null for a market order. */
  price: Decimal | null;
  filledQuantity: Decimal;
  fills: ExecutedFill[];
  /** False when the exchange has not yet listed every fill of `filledQuantity` (refresh the order later). */
  fillsComplete: boolean;
}

/** Why an order was refused without trading. */
export type RejectionSource =
  /** Our own check of the market's rules (step, minimum, notional) — nothing was sent. */
  | 'rules'
  /** The exchange refused it (insufficient balance, invalid order…), with its message. */
  | 'exchange'
  /** The circuit breaker is open: trading is paused, nothing was sent. */
  | 'paused'
  /** The exchange could not be reached to prepare the order (markets): nothing was sent. */
  | 'unreachable'
  /** Sent, but the exchange confirmed it never took it (after every allowed attempt). */
  | 'not-accepted';

export type OrderOutcome =
  | { status: 'filled' | 'open' | 'canceled' | 'expired'; order: PlacedOrder }
  | {
      status: 'rejected';
      clientOrderId: string;
      symbol: string;
      quantity: Decimal;
      reason: string;
      source: RejectionSource;
      /** The exchange's error class (ccxt's), when the exchange refused it. */
      exchangeError: string | null;
    }
  | {
      /**
       * The order may exist on the exchange and its state could not be learned (the exchange
       * stopped answering). Record it as pending, never as rejected, and never send it again:
       * reconciliation settles it by its client id.
       */
      status: 'unknown';
      clientOrderId: string;
      symbol: string;
      quantity: Decimal;
      reason: string;
    };

export interface OrderExecutor {
  readonly mode: TradingMode;
  place(request: PlaceOrderRequest): Promise<OrderOutcome>;
  /** Cancels an open order of ours; resolves with its final state (it may have filled meanwhile). */
  cancel(symbol: string, clientOrderId: string): Promise<OrderOutcome>;
  /** The order's state now, with its fills (a resting limit order, or one left 'unknown'). */
  refresh(symbol: string, clientOrderId: string): Promise<OrderOutcome>;
  /** Our open orders (never anyone else's). */
  openOrders(symbol?: string): Promise<PlacedOrder[]>;
}
