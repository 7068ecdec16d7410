import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { AccountBook } from '../account/account-book.js';
import type { PortfolioView } from '@roottrading/engine';

/**
 * The quote currency's portfolio for the risk manager: cash plus every open position in that
 * currency at its last price. The entry's own symbol is valued at the price the entry trades on
 * (the freshest there is); a position with no price yet is taken at cost rather than left out.
 */
export function portfolioView(
  book: AccountBook,
  symbol: string,
  entryPrice: Decimal,
  prices: ReadonlyMap<string, Decimal>,
): PortfolioView {
  const quote = quoteOf(symbol);
  let equity = book.balance(quote);
  let assetValue = dec(0);
  for (const p of book.openPositions()) {
    if (p.quote !== quote) continue;
    const price = p.symbol === symbol ? entryPrice : prices.get(p.symbol);
    const value = price ? p.quantity.mul(price) : p.cost;
    equity = equity.plus(value);
    if (p.symbol === symbol) assetValue = assetValue.plus(value);
  }
  return { equity, assetValue, openPositions: book.openCount };
}
