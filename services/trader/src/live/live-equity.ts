import { dec, type Decimal } from '@roottrading/accounting';
import type { EquityHoldings } from '@roottrading/engine';
import type { LiveAccountSnapshot } from './balance-sync.js';

/**
 * The exchange account as the equity meter reads it: each quote currency's cash, and every other
 * asset as a holding of the symbol it is valued in (as the published totals value it), so a new
 * candle of that symbol moves the equity between two balance reads.
 */
export function holdingsOfSnapshot(snapshot: LiveAccountSnapshot): {
  holdings: EquityHoldings;
  prices: Map<string, Decimal>;
  currencies: string[];
} {
  const currencies = snapshot.totals.totals.map((t) => t.currency);
  const cash = new Map(snapshot.totals.totals.map((t) => [t.currency, dec(t.cash)]));
  const positions: { symbol: string; quantity: Decimal }[] = [];
  const prices = new Map<string, Decimal>();
  for (const b of snapshot.balances.balances) {
    if (b.value === null || b.valueCurrency === null || b.valueCurrency === b.asset) continue;
    const symbol = `${b.asset}/${b.valueCurrency}`;
    const price = snapshot.prices.get(symbol);
    if (!price) continue;
    positions.push({ symbol, quantity: dec(b.total) });
    prices.set(symbol, price);
  }
  return {
    holdings: { openPositions: () => positions, balance: (currency) => cash.get(currency) ?? dec(0) },
    prices,
    currencies,
  };
}
