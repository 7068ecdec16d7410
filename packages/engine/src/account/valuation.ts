import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import { totalOf } from '../core/balances.js';
import type { EngineState, StepContext } from '../core/state.js';
import type { EnginePosition } from '../core/types.js';

/**
 * What the open positions are worth per quote currency, kept up to date in O(1) per candle: a
 * candle moves one symbol's price, so only that symbol's value changes. Recomputed from the
 * positions (O(positions of that currency)) whenever a fill or a reset changes them.
 */
export interface Valuation {
  /** Base quantity held per symbol, every strategy together. */
  held: Map<string, Decimal>;
  /** Value per quote currency: each symbol at its last close (at cost until it has one). */
  value: Map<string, Decimal>;
}

export function emptyValuation(): Valuation {
  return { held: new Map(), value: new Map() };
}

export function cloneValuation(v: Valuation): Valuation {
  return { held: new Map(v.held), value: new Map(v.value) };
}

function positionValue(state: EngineState, p: EnginePosition): Decimal {
  const last = state.lastCandles.get(p.symbol);
  return last ? p.life.holding.quantity.mul(last.close) : p.life.holding.cost;
}

/** Recomputes one quote currency's holdings from the positions. */
export function revalue(state: EngineState, quote: string): void {
  const { valuation } = state;
  let value = dec(0);
  const held = new Map<string, Decimal>();
  for (const p of state.positions.values()) {
    if (quoteOf(p.symbol) !== quote) continue;
    value = value.plus(positionValue(state, p));
    held.set(p.symbol, (held.get(p.symbol) ?? dec(0)).plus(p.life.holding.quantity));
  }
  for (const symbol of [...valuation.held.keys()]) if (quoteOf(symbol) === quote) valuation.held.delete(symbol);
  for (const [symbol, q] of held) valuation.held.set(symbol, q);
  valuation.value.set(quote, value);
}

/**
 * A symbol's price moves from `before` to the close now in `state`: its holdings' value moves by
 * quantity × the difference. Without a price before, the value was at cost: recomputed instead.
 */
export function repriced(state: EngineState, symbol: string, before: Decimal | null): void {
  const { valuation } = state;
  const quantity = valuation.held.get(symbol);
  if (quantity === undefined || quantity.isZero()) return;
  const quote = quoteOf(symbol);
  if (before === null) return revalue(state, quote);
  const now = state.lastCandles.get(symbol)!.close;
  valuation.value.set(quote, (valuation.value.get(quote) ?? dec(0)).plus(quantity.mul(now.minus(before))));
}

/** Cash (free + locked) and the positions of one quote currency at their last close. */
export function equityOf(ctx: StepContext, quote: string): Decimal {
  return totalOf(ctx, quote).plus(ctx.state.valuation.value.get(quote) ?? 0);
}

/** The quote currencies the account is judged in: those of SYMBOLS, then any other position's. */
export function quoteCurrencies(ctx: StepContext): string[] {
  const out = new Set(ctx.config.symbols.map(quoteOf));
  for (const p of ctx.state.positions.values()) out.add(quoteOf(p.symbol));
  return [...out];
}
