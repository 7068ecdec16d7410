import type { Decimal } from '@roottrading/accounting';
import type { Logger } from '@roottrading/logger';
import { feePriceSymbols, readFeePrices, unvaluedFees, valueFees } from './fee-valuation.js';
import type { GuardedExchange } from './guarded-exchange.js';
import type { ExecutedFill } from './order-executor.js';
import type { ExchangeOrder } from './types.js';

const FEE_VALUES_KEPT = 10_000;

/**
 * Values the fees of an order's fills in the quote currency. Only a fee in a third asset (BNB)
 * costs a request — one tickers read for the order; if it fails the fee stays unvalued (null) and
 * the fills are recorded all the same. A fill valued before (a resting order refreshed by the
 * open-order poller) keeps its value and needs no new read.
 */
export class FeeValuer {
  /** Fees already valued, by "symbol:trade id". */
  private readonly known = new Map<string, Decimal>();

  constructor(
    private readonly exchange: GuardedExchange,
    private readonly logger?: Logger,
  ) {}

  async valued(order: ExchangeOrder, fills: ExecutedFill[]): Promise<ExecutedFill[]> {
    const keyOf = (f: ExecutedFill) => (f.tradeId === null ? null : `${order.symbol}:${f.tradeId}`);
    const known = (f: ExecutedFill) => {
      const key = keyOf(f);
      return key === null ? undefined : this.known.get(key);
    };
    const fresh = fills.filter((f) => known(f) === undefined);
    const wanted = feePriceSymbols(fresh.map((f) => ({ ...f, symbol: order.symbol })));
    const { prices, problem } = await readFeePrices(this.exchange, wanted);
    const valued = valueFees(order.symbol, fills, prices).map((f) => {
      const before = known(f);
      if (before) return { ...f, feeQuote: before };
      const key = keyOf(f);
      if (key !== null && f.feeQuote !== null) this.remember(key, f.feeQuote);
      return f;
    });
    if (problem) {
      this.logger?.warn(
        { orderId: order.id, clientOrderId: order.clientOrderId, unvalued: unvaluedFees(valued), problem },
        'fees in a third asset could not be valued in the quote currency; recorded unvalued',
      );
    }
    return valued;
  }

  private remember(key: string, value: Decimal): void {
    this.known.set(key, value);
    // Bounded: only orders still being refreshed need it, and those are few.
    if (this.known.size > FEE_VALUES_KEPT) this.known.delete(this.known.keys().next().value!);
  }
}
