import { z } from 'zod';

/** Internal symbol form: BASE/QUOTE, upper case. */
export const symbolSchema = z.string().regex(/^[A-Z0-9]{2,15}\/[A-Z0-9]{2,15}$/, 'must be a symbol like "BTC/USDC"');
export type MarketSymbol = z.infer<typeof symbolSchema>;

/** BTC/USDC → BTCUSDC: the form used only in channel names (and accepted on input). */
export function compactSymbol(symbol: string): string {
  return symbol.replace('/', '');
}

// indexOf and slice, not split: these run several times per candle and fill.
export function baseOf(symbol: string): string {
  const slash = symbol.indexOf('/');
  return slash < 0 ? symbol : symbol.slice(0, slash);
}

export function quoteOf(symbol: string): string {
  const slash = symbol.indexOf('/');
  if (slash < 0) return symbol;
  const next = symbol.indexOf('/', slash + 1);
  return symbol.slice(slash + 1, next < 0 ? undefined : next);
}

/**
 * Resolves user input ("BTCUSDC", "btc/usdc", "BTC-USDC") against the configured symbols.
 * Returns undefined when it names none of them; the compact form is matched exactly, never by prefix,
 * so BTCUSD does not resolve to BTC/USDC.
 */
export function resolveSymbol(input: string, known: readonly string[]): string | undefined {
  const wanted = input.trim().toUpperCase().replace(/[-_]/g, '/');
  for (const symbol of known) {
    if (symbol === wanted || compactSymbol(symbol) === wanted) return symbol;
  }
  return undefined;
}
