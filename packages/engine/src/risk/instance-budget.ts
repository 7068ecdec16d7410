import { dec, toPlain, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { EngineState } from '../core/state.js';
import type { EngineConfig } from '../core/types.js';

/** Strategy instance → quote currency → its capital (STRATEGIES_FILE `budget`). */
export type Budgets = ReadonlyMap<string, ReadonlyMap<string, Decimal>>;

/** The key of an instance's closed result in one quote currency. */
export const resultKey = (strategy: string, quote: string): string => `${strategy}\u0000${quote}`;

/**
 * An instance's money in one quote currency: its budget plus the net result of the positions it
 * closed is its capital; what its open positions cost and its live BUYs hold is in use; the rest is
 * what a new entry may spend. A position counts at cost until it closes, so a partial exit frees
 * only the cost it removed (its profit counts once the position is closed).
 */
export interface BudgetView {
  budget: Decimal;
  result: Decimal;
  used: Decimal;
  available: Decimal;
  /** Capital plus the open positions' gain or loss (fees paid included) at their last price: what POSITION_SIZING sizes from. */
  equity: Decimal;
}

/** null when the instance has no budget in that currency: it trades from the whole account. */
export function budgetView(
  state: EngineState,
  config: Pick<EngineConfig, 'budgets'>,
  strategy: string,
  quote: string,
): BudgetView | null {
  const budget = config.budgets?.get(strategy)?.get(quote);
  if (budget === undefined) return null;
  const result = state.results.get(resultKey(strategy, quote)) ?? dec(0);
  let used = dec(0);
  let unrealized = dec(0);
  for (const p of state.positions.values()) {
    if (p.strategy !== strategy || quoteOf(p.symbol) !== quote) continue;
    const cost = p.life.holding.cost;
    // The fees it paid so far are spent too: they count against the budget until the close books them.
    used = used.plus(cost).plus(p.life.fees);
    const last = state.lastCandles.get(p.symbol);
    if (last) unrealized = unrealized.plus(p.life.holding.quantity.mul(last.close).minus(cost).minus(p.life.fees));
  }
  for (const o of state.orders.values()) {
    if (o.strategy === strategy && o.side === 'BUY' && o.reserved?.asset === quote) used = used.plus(o.reserved.amount);
  }
  const capital = budget.plus(result);
  return { budget, result, used, available: capital.minus(used), equity: capital.plus(unrealized) };
}

/** Why an entry costing `cost` (fee included) is refused by the instance's budget; null when it fits. */
export function budgetRefusal(view: BudgetView, cost: Decimal, strategy: string, quote: string): string | null {
  if (cost.lte(view.available)) return null;
  const plain = (d: Decimal) => toPlain(d.toDecimalPlaces(8));
  return (
    `the budget of ${strategy} has ${plain(view.available)} ${quote} left (budget ${plain(view.budget)}, ` +
    `closed result ${plain(view.result)}, in use ${plain(view.used)}); this entry needs ${plain(cost)}`
  );
}

/** Books a closed position's net result on its instance. */
export function bookResult(state: EngineState, strategy: string, symbol: string, netPnl: Decimal): void {
  const key = resultKey(strategy, quoteOf(symbol));
  state.results.set(key, (state.results.get(key) ?? dec(0)).plus(netPnl));
}
