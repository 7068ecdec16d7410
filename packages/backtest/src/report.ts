import { Decimal, toPlain } from '@roottrading/accounting';
import { quoteOf, type BacktestConfig, type BacktestReport } from '@roottrading/contracts';
import { quoteMetrics } from './metrics.js';
import type { BacktestRun } from './run.js';
import { summarise, type GroupSummary } from './summary.js';

export type { BacktestConfig, BacktestReport };

export type Plain<T> = T extends Decimal
  ? string
  : T extends Date
    ? string
    : T extends readonly (infer U)[]
      ? Plain<U>[]
      : T extends object
        ? { [K in keyof T]: Plain<T[K]> }
        : T;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const isoOf = (ms: number) => new Date(ms).toISOString();

/** Decimals to plain strings, Dates to ISO, numbers rounded to 6 decimals (statistics, not money). */
function plain<T>(value: T): Plain<T> {
  if (value === null || value === undefined) return value as Plain<T>;
  if (typeof value === 'number') return (Number.isFinite(value) ? Number(value.toFixed(6)) : null) as Plain<T>;
  if (value instanceof Date) return value.toISOString() as Plain<T>;
  if (Decimal.isDecimal(value)) return toPlain(value as unknown as Decimal) as Plain<T>;
  if (Array.isArray(value)) return value.map(plain) as Plain<T>;
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) as Plain<T>;
  return value as Plain<T>;
}

export function buildReport(run: BacktestRun, config: BacktestConfig): BacktestReport {
  const { recorder } = run;
  const engineConfig = run.engine.config;
  const quotes = [...new Set(engineConfig.symbols.map(quoteOf))];
  const total = quotes.map((quote) =>
    quoteMetrics({
      quote,
      startingEquity: engineConfig.startingBalances.get(quote) ?? recorder.equity.get(quote)![0]!.value,
      equity: recorder.equity.get(quote)!,
      closed: recorder.closed,
      fees: recorder.fees.get(quote)!,
      exposure: recorder.exposure.get(quote)!,
      hold: recorder.hold,
      from: run.firstOpen ?? 0,
      to: run.lastClose ?? 0,
    }),
  );
  return {
    config,
    candles: run.candles,
    signals: run.signals,
    candlesRefused: run.refused.map((r) => ({ symbol: r.symbol, time: isoOf(r.openTime), reason: r.reason })),
    period: { from: iso(run.firstOpen), to: iso(run.lastClose) },
    summary: {
      total: plain(total),
      byStrategy: plain(
        ordered(
          summarise(recorder.closed, (c) => c.strategy),
          config.strategies,
          quotes,
        ),
      ),
      bySymbol: plain(
        ordered(
          summarise(recorder.closed, (c) => c.symbol),
          engineConfig.symbols,
          quotes,
        ),
      ),
    },
    orders: [...recorder.orders.values()].map((o) => ({ ...o, placedAt: isoOf(o.placedAt) })),
    trades: recorder.trades.map((t) => ({ ...t, time: isoOf(t.time) })),
    closedPositions: recorder.closed.map((c) => ({ ...c, openedAt: isoOf(c.openedAt), closedAt: isoOf(c.closedAt) })),
    openPositions: [...run.engine.state.positions.values()].map((p) => ({
      strategy: p.strategy,
      symbol: p.symbol,
      quantity: toPlain(p.life.holding.quantity),
      cost: toPlain(p.life.holding.cost),
    })),
    equity: [...recorder.equity].flatMap(([quote, points]) =>
      points.map((p) => ({ quote, time: new Date(p.time).toISOString(), value: toPlain(p.value) })),
    ),
  };
}

/** Groups in the order of the run's settings (STRATEGIES, SYMBOLS), then their quote's; others after. */
function ordered(groups: GroupSummary[], keys: readonly string[], quotes: readonly string[]): GroupSummary[] {
  const at = (list: readonly string[], k: string) => (list.includes(k) ? list.indexOf(k) : list.length);
  return groups.sort((a, b) => at(keys, a.key) - at(keys, b.key) || at(quotes, a.quote) - at(quotes, b.quote));
}

const CSV_COLUMNS = [
  'seq',
  'strategy',
  'symbol',
  'side',
  'time',
  'price',
  'quantity',
  'quoteQuantity',
  'fee',
  'feeCurrency',
  'feeQuote',
  'role',
  'realizedPnl',
  'exitReason',
  'signalId',
] as const;

/** The trades as CSV, one per line, the JSON's fields in the same order. */
export function tradesCsv(report: BacktestReport): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = report.trades.map((t) => CSV_COLUMNS.map((c) => cell(t[c])).join(','));
  return [CSV_COLUMNS.join(','), ...lines].join('\n') + '\n';
}
