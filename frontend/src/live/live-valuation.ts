import type { Candle, OpenPosition, Summary, TotalBalanceMessage } from '@roottrading/contracts';
import { mulDecimals, subDecimals } from '../format/decimal';

/**
 * An open position at the close of the latest candle pushed live, the portfolio's own definition
 * (openPositionSchema): market value = quantity × price, unrealized = market value − cost. The
 * portfolio values it at the same market:data closes, so this is the figure its next answer
 * would give, without waiting for that answer.
 */
export function revaluePosition(p: OpenPosition, candle: Candle | undefined): OpenPosition {
  if (!candle) return p;
  const marketValue = mulDecimals(p.quantity, candle.close);
  return { ...p, lastPrice: candle.close, marketValue, unrealizedPnl: subDecimals(marketValue, p.cost) };
}

/**
 * The summary with the account's value as the trader last pushed it (account:total_balance, sent
 * on every repricing), when that push is newer than the summary: total, cash and holdings value
 * from the push, the cost basis and realized figures (from the database) as the summary has them.
 */
export function liveSummary(summary: Summary, totals: TotalBalanceMessage | undefined): Summary {
  const asOf = summary.updatedAt === null ? -Infinity : Date.parse(summary.updatedAt);
  if (!totals || totals.mode !== summary.mode || totals.timestamp <= asOf) return summary;
  const pushed = new Map(totals.totals.map((t) => [t.currency, t]));
  return {
    ...summary,
    updatedAt: new Date(totals.timestamp).toISOString(),
    currencies: summary.currencies.map((c) => {
      const t = pushed.get(c.currency);
      return t ? { ...c, totalValue: t.total, cash: t.cash, holdingsValue: t.holdingsValue } : c;
    }),
  };
}
