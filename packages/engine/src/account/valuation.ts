import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import { totalOf } from '../core/balances.js';
import type { EngineState, StepContext } from '../core/state.js';
import type { EnginePosition } from '../core/types.js';

/**
 * What the open positions are worth per quote currency, kept up to date in O(1) per candle: a
 * candle moves one symbol's price, so only that symbol's worth changes. A fill changes one symbol's
 * positions, so only that symbol is recomputed (a scan of the open positions comparing symbols,
 * decimal work for that symbol's alone); a reset or a restore recomputes a whole currency. Sums are
 * exact (60 significant digits), so the running total equals a fresh one.
 */
export interface Valuation {
  /** Base quantity held per symbol, every strategy together. */
  held: Map<string, Decimal>;
  /** What each symbol's holdings are worth: at its last close (at cost until it has one). */
  worth: Map<string, Decimal>;
  /** Worth per quote currency: the sum of its symbols'. */
  value: Map<string, Decimal>;
}

export function emptyValuation(): Valuation {
  return { held: new Map(), worth: new Map(), value: new Map() };
}

export function cloneValuation(v: Valuation): Valuation {
  return { held: new Map(v.held), worth: new Map(v.worth), value: new Map(v.value) };
}

function positionValue(state: EngineState, p: EnginePosition): Decimal {
  const last = state.lastCandles.get(p.symbol);
  return last ? p.life.holding.quantity.mul(last.close) : p.life.holding.cost;
}

/** Recomputes one quote currency's holdings from the positions. */
export function revalue(state: EngineState, quote: string): void {
  const { valuation } = state;
  for (const symbol of [...valuation.held.keys()]) {
    if (quoteOf(symbol) !== quote) continue;
    valuation.held.delete(symbol);
    valuation.worth.delete(symbol);
  }
  let value = dec(0);
  for (const p of state.positions.values()) {
    if (quoteOf(p.symbol) !== quote) continue;
    const worth = positionValue(state, p);
    value = value.plus(worth);
    valuation.held.set(p.symbol, (valuation.held.get(p.symbol) ?? dec(0)).plus(p.life.holding.quantity));
    valuation.worth.set(p.symbol, (valuation.worth.get(p.symbol) ?? dec(0)).plus(worth));
  }
  valuation.value.set(quote, value);
}

/** Recomputes one symbol's holdings from its positions (after a fill on it) and moves its currency's total by the change. */
export function revalueSymbol(state: EngineState, symbol: string): void {
  const { valuation } = state;
  let held: Decimal | undefined;
  let worth = dec(0);
  for (const p of state.positions.values()) {
    if (p.symbol !== symbol) continue;
    held = (held ?? dec(0)).plus(p.life.holding.quantity);
    worth = worth.plus(positionValue(state, p));
  }
  const before = valuation.worth.get(symbol);
  if (held === undefined) {
    valuation.held.delete(symbol);
    valuation.worth.delete(symbol);
  } else {
    valuation.held.set(symbol, held);
    valuation.worth.set(symbol, worth);
  }
  const quote = quoteOf(symbol);
  const total = valuation.value.get(quote) ?? dec(0);
  valuation.value.set(quote, before === undefined ? total.plus(worth) : total.plus(worth).minus(before));
}

/**
 * A symbol's price moves from `before` to the close now in `state`: its holdings' worth becomes
 * quantity × the close. Without a price before, it was at cost: recomputed instead.
 */
export function repriced(state: EngineState, symbol: string, before: Decimal | null): void {
  const { valuation } = state;
  const quantity = valuation.held.get(symbol);
  if (quantity === undefined || quantity.isZero()) return;
  if (before === null) return revalueSymbol(state, symbol);
  const now = state.lastCandles.get(symbol)!.close;
  const quote = quoteOf(symbol);
  // The worth before is quantity × before exactly (set so at the last price or fill), so the total
  // moves by the worths' difference: one multiplication per candle, not two.
  const worth = quantity.mul(now);
  const was = valuation.worth.get(symbol) ?? quantity.mul(before);
  valuation.worth.set(symbol, worth);
  valuation.value.set(quote, (valuation.value.get(quote) ?? dec(0)).plus(worth.minus(was)));
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
