import { DB_SCALE, dec, toPlain, type Decimal } from '@roottrading/accounting';
import { baseOf, quoteOf } from '@roottrading/contracts';
import type { GuardedExchange } from './guarded-exchange.js';

/**
 * binance charges a fill's fee in the asset received (base on a buy, quote on a sell) or, with
 * "pay fees with BNB", in BNB. Net PnL needs every fee in the symbol's quote currency: a base fee
 * is worth fee × the fill's price, a quote fee itself, and a third asset's fee × that asset's last
 * price in the quote — read from the exchange, only for the fills that need one.
 */

/** What valuing a fee needs of a fill. */
export interface FeeFill {
  price: Decimal;
  fee: Decimal;
  feeCurrency: string;
}

export type Valued<F> = F & { feeQuote: Decimal | null };

/** Prices of assets in a quote currency, by symbol ("BNB/USDC" → 300). */
export type FeePrices = ReadonlyMap<string, Decimal>;

const NO_PRICES: FeePrices = new Map();

/** The market whose price values a fee in a third asset; null when the fee is in the base or quote (or zero). */
export function feePriceSymbol(symbol: string, fill: FeeFill): string | null {
  if (fill.feeCurrency === baseOf(symbol) || fill.feeCurrency === quoteOf(symbol) || fill.fee.isZero()) return null;
  return `${fill.feeCurrency}/${quoteOf(symbol)}`;
}

/**
 * One fill's fee in the quote currency of `symbol`; null when it is in a third asset whose price
 * is not in `prices`. A third asset's value is cut to the database scale, so what is stored on the
 * fill is exactly what the position adds.
 */
export function feeInQuote(symbol: string, fill: FeeFill, prices: FeePrices = NO_PRICES): Decimal | null {
  if (fill.feeCurrency === quoteOf(symbol)) return fill.fee;
  // As the accounting values it (applyTrade): the base given up, at the fill's price.
  if (fill.feeCurrency === baseOf(symbol)) return fill.fee.mul(fill.price);
  if (fill.fee.isZero()) return dec(0);
  const price = prices.get(`${fill.feeCurrency}/${quoteOf(symbol)}`);
  return price ? fill.fee.mul(price).toDecimalPlaces(DB_SCALE) : null;
}

/** The fills of one symbol with their fees valued (pure: the prices are given). */
export function valueFees<F extends FeeFill>(symbol: string, fills: readonly F[], prices: FeePrices): Valued<F>[] {
  return fills.map((f) => ({ ...f, feeQuote: feeInQuote(symbol, f, prices) }));
}

/** The markets whose prices the fills' third-asset fees need (none when every fee is in the base or quote). */
export function feePriceSymbols(fills: readonly (FeeFill & { symbol: string })[]): string[] {
  return [...new Set(fills.map((f) => feePriceSymbol(f.symbol, f)).filter((s): s is string => s !== null))].sort();
}

export interface FeePriceRead {
  prices: Map<string, Decimal>;
  /** Why some wanted price is missing (no such market, the read failed); null when all were read. */
  problem: string | null;
}

/**
 * Reads the prices of `wanted` ("BNB/USDC", …) in ONE tickers request, only for markets the
 * exchange lists (markets are loaded once and cached). Never throws: a fee whose price could not
 * be read is recorded unvalued (null), never held back — the fill itself matters more.
 */
export async function readFeePrices(exchange: GuardedExchange, wanted: readonly string[]): Promise<FeePriceRead> {
  if (wanted.length === 0) return { prices: new Map(), problem: null };
  try {
    const markets = await exchange.read('load markets', (c) => c.loadMarkets());
    const listed = wanted.filter((s) => markets.has(s));
    const prices = listed.length > 0 ? await exchange.read('tickers', (c) => c.fetchLastPrices(listed)) : new Map();
    const missing = wanted.filter((s) => !prices.has(s));
    return {
      prices,
      problem: missing.length === 0 ? null : `no price for ${missing.join(', ')} (no such market, or no last price)`,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { prices: new Map(), problem: `reading ${wanted.join(', ')} failed: ${message}` };
  }
}

/** For log lines: the fees left unvalued. */
export function unvaluedFees(fills: readonly (FeeFill & { feeQuote?: Decimal | null })[]): string[] {
  return fills.filter((f) => f.feeQuote === null).map((f) => `${toPlain(f.fee)} ${f.feeCurrency}`);
}
