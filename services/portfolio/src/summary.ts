import { dec, toPlain } from '@roottrading/accounting';
import type { CurrencySummary, Summary, TotalBalanceMessage, TradingMode } from '@roottrading/contracts';
import type { QuoteAggregate } from './repositories/trades.js';

export interface SummaryInputs {
  mode: TradingMode;
  totals: TotalBalanceMessage | undefined;
  aggregates: QuoteAggregate[];
  costByQuote: Map<string, string>;
  /** Starting cash per asset (demo: what DEMO_BALANCES seeded); empty in live mode. */
  startingCash: Map<string, string>;
  quotes: string[];
}

/**
 * Per quote currency: value and cash as the trader last published them, and realized PnL, fees,
 * trade count and cost basis from the database. Currencies are those of SYMBOLS, plus any that
 * trades or balances mention.
 */
export function buildSummary(input: SummaryInputs): Summary {
  const totals = new Map((input.totals?.totals ?? []).map((t) => [t.currency, t]));
  const aggregates = new Map(input.aggregates.map((a) => [a.quote, a]));
  const currencies = [...new Set([...input.quotes, ...totals.keys(), ...aggregates.keys()])].sort();
  const rows: CurrencySummary[] = currencies.map((currency) => {
    const t = totals.get(currency);
    const a = aggregates.get(currency);
    const fallbackCash = input.startingCash.get(currency);
    const realized = dec(a?.realized_pnl ?? 0);
    const fees = dec(a?.fees ?? 0);
    return {
      currency,
      totalValue: t ? t.total : null,
      cash: t ? t.cash : toPlain(dec(fallbackCash ?? 0)),
      holdingsValue: t ? t.holdingsValue : null,
      holdingsCost: toPlain(dec(input.costByQuote.get(currency) ?? 0)),
      startingCash: fallbackCash === undefined ? null : toPlain(dec(fallbackCash)),
      realizedPnl: toPlain(realized),
      feesPaid: toPlain(fees),
      realizedNet: toPlain(realized.minus(fees)),
      tradeCount: Number(a?.trade_count ?? 0),
    };
  });
  return {
    mode: input.mode,
    updatedAt: input.totals ? new Date(input.totals.timestamp).toISOString() : null,
    currencies: rows,
  };
}
