import { DB_SCALE, dec, toPlain, type Decimal } from '@roottrading/accounting';
import {
  quoteOf,
  type AssetBalance,
  type BalancesMessage,
  type QuoteTotal,
  type TotalBalanceMessage,
} from '@roottrading/contracts';
import type { GuardedExchange } from './guarded-exchange.js';
import type { ExchangeBalance } from './types.js';

export interface HeldPosition {
  symbol: string;
  quantity: Decimal;
  /** Cost basis in the symbol's quote currency. */
  cost: Decimal;
}

export interface LiveAccountSnapshot {
  /** Ready for `account:balances`. */
  balances: BalancesMessage;
  /** Ready for `account:total_balance`. */
  totals: TotalBalanceMessage;
  /** Assets with no price in any quote currency of SYMBOLS: value null, left out of the totals. */
  unpriced: string[];
  /** The prices used, by symbol (one tickers request). */
  prices: Map<string, Decimal>;
  raw: ExchangeBalance[];
  /** The exchange's time of the reading, else when it was asked for: every fill up to it is in them. */
  asOf: number;
}

/**
 * The exchange account as the rest of the platform reads it. Balances come from the exchange; each
 * asset other than a quote currency is valued in the first quote currency of SYMBOLS (in order)
 * that has a market for it — the same rule as the paper account — with every price read in ONE
 * tickers request. Each total is that quote's cash plus the assets valued in it, so the totals
 * split the account without counting anything twice. The cost of what we hold comes from our
 * positions (the exchange does not know it); holdings we did not buy have no cost.
 */
export async function readLiveAccount(
  exchange: GuardedExchange,
  opts: { symbols: readonly string[]; positions?: readonly HeldPosition[]; now?: () => number },
): Promise<LiveAccountSnapshot> {
  const requestedAt = (opts.now ?? Date.now)();
  const [reading, markets] = await Promise.all([
    exchange.read('balances', (c) => c.fetchBalances()),
    exchange.read('load markets', (c) => c.loadMarkets()),
  ]);
  const raw = reading.balances;
  const quotes = [...new Set(opts.symbols.map(quoteOf))];
  const candidates = new Map<string, string[]>();
  for (const b of raw) {
    if (quotes.includes(b.asset) || b.free.plus(b.locked).lte(0)) continue;
    const symbols = quotes.map((q) => `${b.asset}/${q}`).filter((s) => markets.has(s));
    candidates.set(b.asset, symbols);
  }
  const wanted = [...new Set([...candidates.values()].flat())];
  const prices = wanted.length > 0 ? await exchange.read('tickers', (c) => c.fetchLastPrices(wanted)) : new Map();

  const valuedIn = new Map<string, { symbol: string; price: Decimal }>();
  const unpriced: string[] = [];
  for (const [asset, symbols] of candidates) {
    const symbol = symbols.find((s) => prices.has(s));
    if (symbol) valuedIn.set(asset, { symbol, price: prices.get(symbol)! });
    else unpriced.push(asset);
  }

  const balances: AssetBalance[] = raw.map((b) => {
    const total = b.free.plus(b.locked);
    const amounts = { asset: b.asset, free: toPlain(b.free), locked: toPlain(b.locked), total: toPlain(total) };
    if (quotes.includes(b.asset) || !candidates.has(b.asset)) {
      // A quote currency (or an empty row) is worth itself.
      return { ...amounts, value: toPlain(total), valueCurrency: b.asset };
    }
    const v = valuedIn.get(b.asset);
    if (!v) return { ...amounts, value: null, valueCurrency: null };
    return { ...amounts, value: toPlain(total.mul(v.price)), valueCurrency: quoteOf(v.symbol) };
  });

  const totals: QuoteTotal[] = quotes.map((currency) => {
    const cashRow = raw.find((b) => b.asset === currency);
    const cash = cashRow ? cashRow.free.plus(cashRow.locked) : dec(0);
    let holdingsValue = dec(0);
    let holdingsCost = dec(0);
    const used: Record<string, string> = {};
    for (const b of raw) {
      const v = valuedIn.get(b.asset);
      if (!v || quoteOf(v.symbol) !== currency) continue;
      // Each value at the database scale first, so total = cash + holdingsValue to the last digit.
      holdingsValue = holdingsValue.plus(b.free.plus(b.locked).mul(v.price).toDecimalPlaces(DB_SCALE));
      used[v.symbol] = toPlain(v.price);
      for (const p of opts.positions ?? [])
        if (p.symbol === v.symbol && p.quantity.gt(0)) holdingsCost = holdingsCost.plus(p.cost);
    }
    return {
      currency,
      total: toPlain(cash.plus(holdingsValue)),
      cash: toPlain(cash),
      holdingsValue: toPlain(holdingsValue),
      holdingsCost: toPlain(holdingsCost),
      prices: used,
    };
  });

  const timestamp = (opts.now ?? Date.now)();
  return {
    balances: { mode: 'live', timestamp, balances },
    totals: { mode: 'live', timestamp, totals },
    unpriced,
    prices,
    raw,
    asOf: reading.asOf ?? requestedAt,
  };
}
