import { z } from 'zod';
import { resolveSymbol, symbolSchema, tradesQuerySchema } from '@roottrading/contracts';
import { HttpError } from '@roottrading/service';

/** The contract's trades query, under the name the routes use. */
export const portfolioTradesQuerySchema = tradesQuerySchema;
export type PortfolioTradesQuery = z.infer<typeof portfolioTradesQuerySchema>;

/** Routes that take no parameters still refuse unknown ones, so a filter the route lacks is never ignored silently. */
export const noQuerySchema = z.strictObject({});

/** A configured symbol in any accepted form, or any well-formed BASE/QUOTE (trades may outlive SYMBOLS). */
export function parseSymbolFilter(input: string, symbols: readonly string[]): string {
  const known = resolveSymbol(input, symbols);
  if (known) return known;
  const upper = input.trim().toUpperCase();
  if (symbolSchema.safeParse(upper).success) return upper;
  throw new HttpError(400, `invalid query: symbol "${input}" is not a symbol like BTC/USDC or BTCUSDC`, [
    { field: 'symbol', message: 'must be a symbol like BTC/USDC or one of SYMBOLS in compact form' },
  ]);
}
