import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { ClosedRow } from './recorder.js';

/** Closed positions of one group (a strategy, a pair, or all), in one quote currency. */
export interface GroupSummary {
  key: string;
  quote: string;
  trades: number;
  wins: number;
  /** Mean of each position's net PnL over its entry cost, in %. */
  avgProfitPct: number;
  netProfit: Decimal;
  grossProfit: Decimal;
  fees: Decimal;
  /** Mean time open, in ms. */
  avgDurationMs: number;
  exitReasons: Record<string, number>;
}

/** Groups closed positions by `keyOf` and their quote currency (profits in two currencies are never added). */
export function summarise(closed: readonly ClosedRow[], keyOf: (c: ClosedRow) => string): GroupSummary[] {
  const groups = new Map<string, GroupSummary & { pctSum: number; durationSum: number }>();
  for (const c of closed) {
    const quote = quoteOf(c.symbol);
    const key = keyOf(c);
    const id = `${key}\u0000${quote}`;
    let g = groups.get(id);
    if (!g) {
      g = {
        key,
        quote,
        trades: 0,
        wins: 0,
        avgProfitPct: 0,
        netProfit: dec(0),
        grossProfit: dec(0),
        fees: dec(0),
        avgDurationMs: 0,
        exitReasons: {},
        pctSum: 0,
        durationSum: 0,
      };
      groups.set(id, g);
    }
    const net = dec(c.netPnl);
    g.trades++;
    if (net.gt(0)) g.wins++;
    g.netProfit = g.netProfit.plus(net);
    g.grossProfit = g.grossProfit.plus(c.grossPnl);
    g.fees = g.fees.plus(c.fees);
    const cost = dec(c.entryPrice).mul(c.quantity);
    if (cost.gt(0)) g.pctSum += net.div(cost).toNumber() * 100;
    g.durationSum += c.closedAt - c.openedAt;
    g.exitReasons[c.exitReason] = (g.exitReasons[c.exitReason] ?? 0) + 1;
  }
  return [...groups.values()].map(({ pctSum, durationSum, ...g }) => ({
    ...g,
    avgProfitPct: pctSum / g.trades,
    avgDurationMs: durationSum / g.trades,
  }));
}
