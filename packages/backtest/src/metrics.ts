import { dailyReturns, dec, maxDrawdown, mean, sharpe, sortino, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { ClosedRow, EquityPoint, Exposure, HoldPrices } from './recorder.js';

const YEAR = 365.25 * 86_400_000;
// The statistics of an equity curve are shared with the portfolio's arena.
export { dailyReturns, maxDrawdown, PERIODS_PER_YEAR, sharpe, sortino } from '@roottrading/accounting';

/** One quote currency's results; ratios are plain numbers (statistics), money stays Decimal. */
export interface QuoteMetrics {
  quote: string;
  startingEquity: Decimal;
  finalEquity: Decimal;
  netProfit: Decimal;
  totalReturnPct: number | null;
  cagrPct: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdownPct: number;
  maxDrawdownDurationMs: number;
  trades: number;
  winRatePct: number | null;
  profitFactor: number | null;
  expectancy: Decimal | null;
  avgWin: Decimal | null;
  avgLoss: Decimal | null;
  exposurePct: number | null;
  fees: Decimal;
  feesOfGrossProfitPct: number | null;
  buyAndHoldPct: number | null;
}

export interface MetricsInput {
  quote: string;
  startingEquity: Decimal;
  equity: readonly EquityPoint[];
  closed: readonly ClosedRow[];
  /** Every trade's fees in this currency (positions still open included). */
  fees: Decimal;
  exposure: Exposure;
  hold: ReadonlyMap<string, HoldPrices>;
  /** The run's first candle open and last candle close. */
  from: number;
  to: number;
}

export function quoteMetrics(input: MetricsInput): QuoteMetrics {
  const { quote, startingEquity: start } = input;
  const closed = input.closed
    .filter((c) => quoteOf(c.symbol) === quote)
    .map((c) => ({ netPnl: dec(c.netPnl), grossPnl: dec(c.grossPnl) }));
  const finalEquity = input.equity.at(-1)?.value ?? start;
  const base = start.toNumber();
  const years = (input.to + 1 - input.from) / YEAR;
  const growth = base > 0 ? finalEquity.toNumber() / base : null;
  const cagrPct = growth !== null && growth > 0 && years > 0 ? (growth ** (1 / years) - 1) * 100 : null;
  const daily = dailyReturns(base, input.equity);
  const drawdown = maxDrawdown(base, input.equity);
  const wins = closed.filter((c) => c.netPnl.gt(0));
  const losses = closed.filter((c) => c.netPnl.lt(0));
  const won = sumOf(wins.map((c) => c.netPnl));
  const lost = sumOf(losses.map((c) => c.netPnl)).abs();
  const { fees } = input;
  const grossWon = sumOf(closed.filter((c) => c.grossPnl.gt(0)).map((c) => c.grossPnl));
  return {
    quote,
    startingEquity: start,
    finalEquity,
    netProfit: finalEquity.minus(start),
    totalReturnPct: growth === null ? null : (growth - 1) * 100,
    cagrPct,
    sharpe: sharpe(daily),
    sortino: sortino(daily),
    calmar: cagrPct !== null && drawdown.pct > 0 ? cagrPct / drawdown.pct : null,
    maxDrawdownPct: drawdown.pct,
    maxDrawdownDurationMs: drawdown.durationMs,
    trades: closed.length,
    winRatePct: closed.length > 0 ? (wins.length / closed.length) * 100 : null,
    profitFactor: lost.gt(0) ? won.div(lost).toNumber() : null,
    expectancy: closed.length > 0 ? sumOf(closed.map((c) => c.netPnl)).div(closed.length) : null,
    avgWin: wins.length > 0 ? won.div(wins.length) : null,
    avgLoss: losses.length > 0 ? lost.neg().div(losses.length) : null,
    exposurePct: input.exposure.steps > 0 ? (input.exposure.inMarket / input.exposure.steps) * 100 : null,
    fees,
    feesOfGrossProfitPct: grossWon.gt(0) ? fees.div(grossWon).toNumber() * 100 : null,
    buyAndHoldPct: buyAndHold(quote, input.hold),
  };
}

/** The mean return of buying every symbol of this quote at its first open and holding it to its last close, in %. */
export function buyAndHold(quote: string, hold: ReadonlyMap<string, HoldPrices>): number | null {
  const returns = [...hold]
    .filter(([symbol, p]) => quoteOf(symbol) === quote && p.firstOpen.gt(0))
    .map(([, p]) => p.lastClose.div(p.firstOpen).toNumber() - 1);
  return returns.length > 0 ? mean(returns) * 100 : null;
}

function sumOf(values: readonly Decimal[]): Decimal {
  return values.reduce((a, b) => a.plus(b), dec(0));
}
