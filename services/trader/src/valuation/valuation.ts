import { DB_SCALE, dec, toPlain, type Decimal } from '@roottrading/accounting';
import { baseOf, quoteOf, type AssetBalance, type QuoteTotal } from '@roottrading/contracts';

export interface BalanceInput {
  asset: string;
  free: Decimal;
  locked: Decimal;
}

export interface PositionInput {
  symbol: string;
  quantity: Decimal;
  cost: Decimal;
}

/**
 * Each asset's balance with a value: a base asset in the quote of the first configured symbol
 * (in SYMBOLS order) that has a last price; any other asset (a quote currency) as itself. A base
 * asset with no price yet has value null rather than a guess.
 */
export function valueBalances(
  balances: readonly BalanceInput[],
  symbols: readonly string[],
  prices: ReadonlyMap<string, Decimal>,
): AssetBalance[] {
  return balances.map((b) => {
    const total = b.free.plus(b.locked);
    const amounts = { asset: b.asset, free: toPlain(b.free), locked: toPlain(b.locked), total: toPlain(total) };
    const bases = symbols.filter((s) => baseOf(s) === b.asset);
    if (bases.length === 0) return { ...amounts, value: toPlain(total), valueCurrency: b.asset };
    const priced = bases.find((s) => prices.has(s));
    if (priced === undefined) return { ...amounts, value: null, valueCurrency: null };
    return { ...amounts, value: toPlain(total.mul(prices.get(priced)!)), valueCurrency: quoteOf(priced) };
  });
}

export interface QuoteTotals {
  totals: QuoteTotal[];
  /** Quote currencies left out because a holding in them has no price yet (the message cannot say "unknown"). */
  unpriced: { currency: string; symbols: string[] }[];
}

/**
 * The account's value per quote currency: cash (that asset's balance) plus the open positions
 * quoted in it at their last price. Currencies come from SYMBOLS first, then any other position's
 * quote, so a position in a symbol no longer configured is still counted.
 */
export function quoteTotals(
  balances: readonly BalanceInput[],
  positions: readonly PositionInput[],
  symbols: readonly string[],
  prices: ReadonlyMap<string, Decimal>,
): QuoteTotals {
  const open = positions.filter((p) => p.quantity.gt(0));
  const currencies = [...new Set([...symbols.map(quoteOf), ...open.map((p) => quoteOf(p.symbol))])];
  const totals: QuoteTotal[] = [];
  const unpriced: QuoteTotals['unpriced'] = [];
  for (const currency of currencies) {
    const cashRow = balances.find((b) => b.asset === currency);
    const cash = cashRow ? cashRow.free.plus(cashRow.locked) : dec(0);
    let holdingsValue = dec(0);
    let holdingsCost = dec(0);
    const used: Record<string, string> = {};
    const missing = new Set<string>();
    for (const p of open.filter((p) => quoteOf(p.symbol) === currency)) {
      const price = prices.get(p.symbol);
      if (price === undefined) {
        missing.add(p.symbol);
        continue;
      }
      // Each value at the database scale first, so total = cash + holdingsValue holds to the last digit.
      holdingsValue = holdingsValue.plus(p.quantity.mul(price).toDecimalPlaces(DB_SCALE));
      holdingsCost = holdingsCost.plus(p.cost);
      used[p.symbol] = toPlain(price);
    }
    if (missing.size > 0) {
      unpriced.push({ currency, symbols: [...missing] });
      continue;
    }
    totals.push({
      currency,
      total: toPlain(cash.plus(holdingsValue)),
      cash: toPlain(cash),
      holdingsValue: toPlain(holdingsValue),
      holdingsCost: toPlain(holdingsCost),
      prices: used,
    });
  }
  return { totals, unpriced };
}
