import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';

/** What equity is made of: cash per currency and holdings per symbol (the paper book, or the exchange's balances). */
export interface EquityHoldings {
  openPositions(): readonly { symbol: string; quantity: Decimal }[];
  balance(currency: string): Decimal;
}

/**
 * Equity per quote currency (cash + open positions at the last price), kept up to date per candle
 * in O(1): a candle changes one symbol's price, so only that symbol's value moves. It is rebuilt
 * from the book after every commit, when quantities or cash change.
 */
export class EquityMeter {
  private quantity = new Map<string, Decimal>();
  private value = new Map<string, Decimal>();
  private holdings = new Map<string, Decimal>();
  private unpriced = new Map<string, Set<string>>();
  private cash = new Map<string, Decimal>();

  rebuild(book: EquityHoldings, prices: ReadonlyMap<string, Decimal>, currencies: readonly string[]): void {
    this.quantity = new Map();
    this.value = new Map();
    this.holdings = new Map();
    this.unpriced = new Map();
    this.cash = new Map();
    for (const p of book.openPositions()) {
      this.quantity.set(p.symbol, (this.quantity.get(p.symbol) ?? dec(0)).plus(p.quantity));
    }
    const all = new Set([...currencies, ...[...this.quantity.keys()].map(quoteOf)]);
    for (const currency of all) {
      this.cash.set(currency, book.balance(currency));
      this.holdings.set(currency, dec(0));
    }
    for (const [symbol, quantity] of this.quantity) {
      const price = prices.get(symbol);
      const currency = quoteOf(symbol);
      if (price === undefined) {
        const missing = this.unpriced.get(currency) ?? new Set<string>();
        missing.add(symbol);
        this.unpriced.set(currency, missing);
        continue;
      }
      const value = quantity.mul(price);
      this.value.set(symbol, value);
      this.holdings.set(currency, this.holdings.get(currency)!.plus(value));
    }
  }

  /** A new last price; returns the quote currency whose equity moved, if any. */
  price(symbol: string, price: Decimal): string | undefined {
    const quantity = this.quantity.get(symbol);
    const currency = quoteOf(symbol);
    if (quantity === undefined) return this.cash.has(currency) ? currency : undefined;
    const value = quantity.mul(price);
    const before = this.value.get(symbol);
    this.value.set(symbol, value);
    this.holdings.set(currency, (this.holdings.get(currency) ?? dec(0)).minus(before ?? 0).plus(value));
    if (before === undefined) this.unpriced.get(currency)?.delete(symbol);
    return currency;
  }

  /** null while a position in that currency has no price (its equity is unknown, not a guess). */
  equity(currency: string): Decimal | null {
    const cash = this.cash.get(currency);
    if (cash === undefined || (this.unpriced.get(currency)?.size ?? 0) > 0) return null;
    return cash.plus(this.holdings.get(currency) ?? 0);
  }

  currencies(): string[] {
    return [...this.cash.keys()];
  }
}
