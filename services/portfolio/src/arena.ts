import { dailyReturns, dec, maxDrawdown, sharpe, toPlain, type Decimal } from '@roottrading/accounting';
import { quoteOf, type ArenaResponse, type ArenaStanding, type StrategyInstance } from '@roottrading/contracts';
import type { PositionRow } from '@roottrading/db';
import type { ClosedAggregate } from './pnl-stats.js';
import { pnlStats } from './pnl-stats.js';

const DAY = 86_400_000;

export interface ArenaInput {
  /** STRATEGIES_FILE's instances; null without the file (every strategy that traded is ranked). */
  instances: readonly Pick<StrategyInstance, 'name' | 'strategy' | 'budget'>[] | null;
  aggregates: readonly (ClosedAggregate & { key: string })[];
  daily: readonly { strategy: string; quote: string; day: Date; net: string }[];
  open: readonly PositionRow[];
  /** The last price of a symbol, if known. */
  price: (symbol: string) => string | undefined;
  /** The quote currencies of SYMBOLS: an instance that has neither budget nor trades shows one standing per each. */
  quotes: readonly string[];
  /** The time "now" is drawn at on each curve: the market clock (newest candle), never the wall clock. */
  now: number | null;
}

/**
 * The arena: each instance's standing per quote currency, from its closed positions and its open
 * ones at the last price, ranked best first. With a budget, its equity is budget + closed result
 * (day by day) and then + the open positions' gain now; return, drawdown and Sharpe are of that.
 */
export function arenaStandings(input: ArenaInput): ArenaResponse['instances'] {
  const names = input.instances?.map((i) => i.name) ?? [
    ...new Set([...input.aggregates.map((a) => a.key), ...input.open.map((p) => p.strategy)]),
  ];
  const ranked = names.map((name) => {
    const instance = input.instances?.find((i) => i.name === name);
    const budgets = instance?.budget ?? {};
    const quotes = new Set([
      ...Object.keys(budgets),
      ...input.aggregates.filter((a) => a.key === name).map((a) => a.currency),
      ...input.open.filter((p) => p.strategy === name).map((p) => quoteOf(p.symbol)),
    ]);
    if (quotes.size === 0) for (const q of input.quotes) quotes.add(q);
    const standings = [...quotes].sort().map((quote) => standing(input, name, quote, budgets[quote] ?? null));
    return { name, strategy: instance?.strategy ?? null, standings };
  });
  return ranked.sort((a, b) => rankOf(b.standings) - rankOf(a.standings) || (a.name < b.name ? -1 : 1));
}

/** Its best return across currencies when budgeted, else its net PnL (mixing currencies only to order the list). */
function rankOf(standings: readonly ArenaStanding[]): number {
  const returns = standings.flatMap((s) => (s.returnPct === null ? [] : [s.returnPct]));
  if (returns.length > 0) return Math.max(...returns);
  return standings.reduce((sum, s) => sum + Number(s.netPnl), 0);
}

function standing(input: ArenaInput, name: string, quote: string, budgetText: string | null): ArenaStanding {
  const aggregate = input.aggregates.find((a) => a.key === name && a.currency === quote) ?? emptyAggregate(quote);
  const open = input.open.filter((p) => p.strategy === name && quoteOf(p.symbol) === quote);
  let unrealized: Decimal | null = dec(0);
  let exposure = dec(0);
  let used = dec(0);
  for (const p of open) {
    const cost = dec(p.cost);
    used = used.plus(cost).plus(p.fees);
    const price = input.price(p.symbol);
    const value = price === undefined ? null : dec(p.quantity).mul(price);
    exposure = exposure.plus(value ?? cost);
    unrealized = value === null || unrealized === null ? null : unrealized.plus(value.minus(cost).minus(p.fees));
  }
  const stats = pnlStats(aggregate);
  const curve = budgetText === null ? null : equityCurve(input, name, quote, dec(budgetText), unrealized ?? dec(0));
  const start = budgetText === null ? 0 : Number(budgetText);
  const last = curve?.at(-1)?.value;
  return {
    ...stats,
    budget: budgetText === null ? null : toPlain(dec(budgetText)),
    unrealizedPnl: unrealized === null ? null : toPlain(unrealized),
    returnPct: curve && last ? last.div(budgetText!).minus(1).mul(100).toNumber() : null,
    maxDrawdownPct: curve ? maxDrawdown(start, curve).pct : null,
    sharpe: curve ? sharpe(dailyReturns(start, curve)) : null,
    openPositions: open.length,
    openExposure: toPlain(exposure),
    budgetUsed: toPlain(used),
    equity: (curve ?? []).map((p) => ({ time: new Date(p.time).toISOString(), value: toPlain(p.value) })),
  };
}

/** budget + cumulative closed result at the end of each day with a close; then now, with the open positions. */
function equityCurve(input: ArenaInput, name: string, quote: string, budget: Decimal, unrealized: Decimal) {
  const points: { time: number; value: Decimal }[] = [];
  let value = budget;
  for (const d of input.daily) {
    if (d.strategy !== name || d.quote !== quote) continue;
    value = value.plus(d.net);
    points.push({ time: d.day.getTime() + DAY - 1, value });
  }
  const now = input.now ?? points.at(-1)?.time ?? null;
  if (now !== null) points.push({ time: Math.max(now, points.at(-1)?.time ?? now), value: value.plus(unrealized) });
  return points;
}

function emptyAggregate(currency: string): ClosedAggregate {
  return { currency, trades: 0, wins: 0, grossPnl: '0', netPnl: '0', fees: '0', winningNet: '0', losingNet: '0' };
}
