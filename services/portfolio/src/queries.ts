import { z } from 'zod';
import { resolveSymbol, symbolSchema, tradesQuerySchema, tradingModeSchema } from '@roottrading/contracts';
import { HttpError } from '@roottrading/service';

/**
 * `GET /portfolio/trades` with the filters the trades page needs. The contract's tradesQuerySchema
 * is strict and has no side/strategy/mode yet; this extension belongs in @roottrading/contracts
 * (reported), and stays strict so a misspelt filter is a 400, not a silently unfiltered list.
 */
export const portfolioTradesQuerySchema = tradesQuerySchema.extend({
  side: optionalParam(
    z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.enum(['BUY', 'SELL'], { message: 'must be BUY or SELL' })),
  ),
  /** Any strategy name, "manual" (orders from POST /trade) included. */
  strategy: optionalParam(z.string().trim().max(128, 'must be at most 128 characters')),
  mode: optionalParam(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(tradingModeSchema.options, { message: 'must be demo or live' })),
  ),
});
export type PortfolioTradesQuery = z.infer<typeof portfolioTradesQuerySchema>;

/** An empty parameter (`?side=`, as a form sends it) means "no filter", like an empty symbol or limit does. */
function optionalParam<S extends z.ZodType<unknown, string>>(schema: S) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

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
