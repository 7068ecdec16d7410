import { decimalsOf, formatDecimal } from './decimal';

/**
 * How many decimals to show. Quote currencies that are fiat or dollar stablecoins show cents;
 * crypto amounts show up to 8 decimals (satoshis) without trailing zeros. Prices and quantities
 * follow the symbol's own precision, learned from the data seen (a price on a 0.01 tick has at most
 * two decimals), with the exchange's usual step as a floor so one round price does not hide them.
 */

const CENT_CURRENCIES = new Set(['USD', 'USDC', 'USDT', 'FDUSD', 'BUSD', 'TUSD', 'DAI', 'EUR', 'GBP', 'TRY', 'BRL']);

/** Usual decimals of the quantity step on spot markets, by base asset (Binance's rules). */
const QUANTITY_DECIMALS: Record<string, number> = { BTC: 5, ETH: 4, SOL: 3, BNB: 3, XRP: 1, ADA: 1, DOGE: 0 };

const MAX_DECIMALS = 8;

export interface CurrencyDecimals {
  min: number;
  max: number;
}

export function currencyDecimals(currency: string | null | undefined): CurrencyDecimals {
  if (currency && CENT_CURRENCIES.has(currency.toUpperCase())) return { min: 2, max: 2 };
  return { min: 0, max: MAX_DECIMALS };
}

export interface SymbolPrecision {
  price: number;
  quantity: number;
}

export function baseOf(symbol: string): string {
  return symbol.split('/')[0] ?? symbol;
}

export function quoteOf(symbol: string): string {
  return symbol.split('/')[1] ?? '';
}

function maxDecimals(values: readonly (string | null | undefined)[]): number {
  let most = 0;
  for (const v of values) if (v) most = Math.max(most, decimalsOf(v));
  return Math.min(most, MAX_DECIMALS);
}

type Seen = readonly (string | null | undefined)[];

/**
 * A symbol's display precision from the prices and quantities seen for it. Market prices (a candle's
 * open, high, low and close: quoted on the exchange's tick) decide the price precision when there
 * are any, so one fill's average with slippage (23011.50115) does not switch every price of the
 * symbol to 8 decimals; without them, the prices seen do.
 */
export function symbolPrecision(
  symbol: string,
  seen: { prices?: Seen; quantities?: Seen; marketPrices?: Seen } = {},
): SymbolPrecision {
  const quote = quoteOf(symbol);
  const priceFloor = CENT_CURRENCIES.has(quote) ? 2 : 0;
  const quantityFloor = QUANTITY_DECIMALS[baseOf(symbol)] ?? 0;
  const market = (seen.marketPrices ?? []).filter(Boolean);
  return {
    price: Math.max(priceFloor, maxDecimals(market.length > 0 ? market : (seen.prices ?? []))),
    quantity: Math.max(quantityFloor, maxDecimals(seen.quantities ?? [])),
  };
}

/** Precision per symbol for a list of rows (a trades page, a candle series); `market`: each symbol's market prices. */
export function precisionBySymbol(
  rows: readonly { symbol: string; price?: string | null; quantity?: string | null }[],
  market: ReadonlyMap<string, Seen> = new Map(),
): Map<string, SymbolPrecision> {
  const seen = new Map<string, { prices: string[]; quantities: string[] }>();
  for (const r of rows) {
    const entry = seen.get(r.symbol) ?? { prices: [], quantities: [] };
    if (r.price) entry.prices.push(r.price);
    if (r.quantity) entry.quantities.push(r.quantity);
    seen.set(r.symbol, entry);
  }
  return new Map(
    [...seen].map(([symbol, s]) => [symbol, symbolPrecision(symbol, { ...s, marketPrices: market.get(symbol) })]),
  );
}

/** A candle's prices, as market prices for symbolPrecision. */
export function candlePrices(c: { open: string; high: string; low: string; close: string } | undefined): string[] {
  return c ? [c.open, c.high, c.low, c.close] : [];
}

export function formatPrice(value: string, precision: SymbolPrecision): string {
  return formatDecimal(value, { minDecimals: precision.price, maxDecimals: precision.price });
}

export function formatQuantity(value: string, precision: SymbolPrecision): string {
  // A quantity is never rounded up for display: 0.000019 BTC at a 5-decimal step shows the 8 it has.
  return formatDecimal(value, { minDecimals: precision.quantity, maxDecimals: Math.max(precision.quantity, 8) });
}

/**
 * An amount in a currency: cents for USD-like ones; `exact` shows up to 8 decimals anyway (fees of
 * a few hundredths of a cent should not read as zero).
 */
export function formatAmount(
  value: string,
  currency: string | null | undefined,
  { exact = false, signed = false }: { exact?: boolean; signed?: boolean } = {},
): string {
  const d = currencyDecimals(currency);
  return formatDecimal(value, { minDecimals: d.min, maxDecimals: exact ? MAX_DECIMALS : d.max, signed });
}
