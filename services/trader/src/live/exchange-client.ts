import type { Decimal } from '@roottrading/accounting';
import type { Side } from '@roottrading/contracts';
import type { BalanceReading, ExchangeFill, ExchangeOrder, LiveMarket, Markets, OrderType } from './types.js';

export interface NewOrder {
  symbol: string;
  side: Side;
  type: OrderType;
  /** Already on the market's step. */
  amount: Decimal;
  /** Limit orders only, already on the market's tick. */
  price?: Decimal;
  /** Ours, 36 characters at most ("rt-s-…" / "rt-m-…"): how the order is found again whatever happens. */
  clientOrderId: string;
}

/** An order is named by the exchange's id or by our client id. */
export type OrderRef = { id: string } | { clientOrderId: string };

/**
 * The exchange as the live executor, balance sync and reconciliation see it. One implementation
 * wraps ccxt (ccxt-client.ts); tests may use a fake. Every method throws ExchangeFailure only,
 * with credentials scrubbed from its message. Nothing here retries: guarded-exchange.ts decides.
 */
export interface ExchangeClient {
  readonly id: string;
  /** Spot markets, loaded once and cached; a failed load is tried again on the next call. */
  loadMarkets(): Promise<Markets>;
  market(symbol: string): LiveMarket | undefined;
  /** Re-reads the exchange's clock so signed requests stay inside recvWindow. */
  syncClock(): Promise<void>;
  createOrder(order: NewOrder): Promise<ExchangeOrder>;
  /** Throws ExchangeFailure kind "not-found" when the exchange has no such order. */
  fetchOrder(symbol: string, ref: OrderRef): Promise<ExchangeOrder>;
  /** Every open order on the account (all symbols when none is given). */
  fetchOpenOrders(symbol?: string): Promise<ExchangeOrder[]>;
  cancelOrder(symbol: string, ref: OrderRef): Promise<ExchangeOrder>;
  /** The fills of one order, with their roles. */
  fetchOrderFills(symbol: string, orderId: string): Promise<ExchangeFill[]>;
  /** The account's fills in [since, until] (one request: the caller pages). */
  fetchFills(symbol: string, since: number, until: number, limit: number): Promise<ExchangeFill[]>;
  /** Spot balances with anything in them, and the exchange's time of the reading. */
  fetchBalances(): Promise<BalanceReading>;
  /** Last prices of these symbols in ONE request; symbols without a price are left out. */
  fetchLastPrices(symbols: readonly string[]): Promise<Map<string, Decimal>>;
  close(): Promise<void>;
}
