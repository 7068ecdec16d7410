import type { BacktestReport } from './report.js';

type Row = readonly string[];

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(headers: Row, rows: readonly Row[], right: readonly number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map(
    (_, i) => right.includes(i) || (rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+%?$|^–$/.test(r[i] ?? ''))),
  );
  const line = (r: Row) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (v: number | null | undefined, digits = 2) => (v === null || v === undefined ? '–' : v.toFixed(digits));
const money = (v: string | null | undefined) => (v === null || v === undefined ? '–' : Number(v).toFixed(2));

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
}

const exits = (reasons: Record<string, number>) =>
  Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');

function groups(title: string, rows: BacktestReport['summary']['byStrategy']): string {
  const body = rows.map((g) => [
    g.key,
    g.quote,
    String(g.trades),
    fixed(g.trades > 0 ? (g.wins / g.trades) * 100 : null, 1),
    fixed(g.avgProfitPct, 3),
    money(g.netProfit),
    money(g.fees),
    duration(g.avgDurationMs),
    exits(g.exitReasons),
  ]);
  const headers = [title, 'quote', 'trades', 'win %', 'avg profit %', 'net profit', 'fees', 'avg duration', 'exits'];
  return body.length > 0 ? table(headers, body) : `${title}: no closed positions`;
}

/** The terminal report, in the manner of Freqtrade's: per strategy, per pair, then each quote currency's metrics. */
export function textReport(report: BacktestReport): string {
  const { config, summary } = report;
  const head =
    `Backtest of ${config.strategies.join(', ')} on ${config.symbols.join(', ')} (${config.interval}, ${config.source}): ` +
    `${report.candles.toLocaleString('en-US')} candles, ${report.signals.toLocaleString('en-US')} signals, ` +
    `${report.trades.length.toLocaleString('en-US')} trades, ${report.period.from ?? '–'} → ${report.period.to ?? '–'}` +
    refusals(report.candlesRefused);
  const quotes = summary.total;
  const metric = (name: string, pick: (q: (typeof quotes)[number]) => string) => [name, ...quotes.map(pick)];
  const metrics = table(
    ['', ...quotes.map((q) => q.quote)],
    [
      metric('starting equity', (q) => money(q.startingEquity)),
      metric('final equity', (q) => money(q.finalEquity)),
      metric('net profit', (q) => money(q.netProfit)),
      metric('total return %', (q) => fixed(q.totalReturnPct, 3)),
      metric('buy and hold %', (q) => fixed(q.buyAndHoldPct, 3)),
      metric('CAGR %', (q) => fixed(q.cagrPct, 2)),
      metric('Sharpe (daily, ×√365)', (q) => fixed(q.sharpe)),
      metric('Sortino (daily, ×√365)', (q) => fixed(q.sortino)),
      metric('Calmar', (q) => fixed(q.calmar)),
      metric('max drawdown %', (q) => fixed(q.maxDrawdownPct, 3)),
      metric('max drawdown duration', (q) => duration(q.maxDrawdownDurationMs)),
      metric('closed positions', (q) => String(q.trades)),
      metric('win rate %', (q) => fixed(q.winRatePct, 1)),
      metric('profit factor', (q) => fixed(q.profitFactor, 3)),
      metric('expectancy', (q) => money(q.expectancy)),
      metric('average win', (q) => money(q.avgWin)),
      metric('average loss', (q) => money(q.avgLoss)),
      metric('exposure %', (q) => fixed(q.exposurePct, 1)),
      metric('fees', (q) => money(q.fees)),
      metric('fees / gross profit %', (q) => fixed(q.feesOfGrossProfitPct, 1)),
    ],
    quotes.map((_, i) => i + 1),
  );
  const open =
    report.openPositions.length > 0
      ? `\n${report.openPositions.length} position(s) still open at the end, valued at the last close in the final equity.`
      : '';
  return [
    head,
    '',
    groups('strategy', summary.byStrategy),
    '',
    groups('pair', summary.bySymbol),
    '',
    metrics + open,
    '',
  ].join('\n');
}

/** The candles refused, each with its reason (a run on sound data has none). */
function refusals(refused: BacktestReport['candlesRefused']): string {
  if (refused.length === 0) return '';
  const shown = refused.slice(0, 10).map((r) => `\n  ${r.symbol} ${r.time}: ${r.reason}`);
  const more = refused.length > 10 ? `\n  … and ${refused.length - 10} more` : '';
  return `\n${refused.length} candles refused by the candle checks:${shown.join('')}${more}`;
}
