import { dec, type Decimal } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { ClosedRow, EquityPoint, Exposure, HoldPrices } from './recorder.js';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
/** Crypto trades every day of the year: daily ratios are annualised by √365. */
export const PERIODS_PER_YEAR = 365;

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

/** Each UTC day's return from its last equity point over the previous day's (the first over the starting equity). */
export function dailyReturns(start: number, equity: readonly EquityPoint[]): number[] {
  const closes: number[] = [];
  let day: number | null = null;
  for (const p of equity) {
    const d = Math.floor(p.time / DAY);
    if (d === day) closes[closes.length - 1] = p.value.toNumber();
    else closes.push(p.value.toNumber());
    day = d;
  }
  const out: number[] = [];
  let previous = start;
  for (const c of closes) {
    if (previous > 0) out.push(c / previous - 1);
    previous = c;
  }
  return out;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean daily return over its sample standard deviation, × √365; null under two days or without variation. */
export function sharpe(daily: readonly number[]): number | null {
  if (daily.length < 2) return null;
  const m = mean(daily);
  const sd = Math.sqrt(daily.reduce((a, r) => a + (r - m) ** 2, 0) / (daily.length - 1));
  return sd > 0 ? (m / sd) * Math.sqrt(PERIODS_PER_YEAR) : null;
}

/** Mean daily return over the downside deviation (root mean square of the negative returns, over all days), × √365. */
export function sortino(daily: readonly number[]): number | null {
  if (daily.length < 2) return null;
  const downside = Math.sqrt(daily.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / daily.length);
  return downside > 0 ? (mean(daily) / downside) * Math.sqrt(PERIODS_PER_YEAR) : null;
}

/** The deepest fall from a peak (the start counts as one), in %, and the longest time spent below a peak. */
export function maxDrawdown(start: number, equity: readonly EquityPoint[]): { pct: number; durationMs: number } {
  let peak = start;
  let peakTime = equity[0]?.time ?? 0;
  let pct = 0;
  let durationMs = 0;
  for (const p of equity) {
    const v = p.value.toNumber();
    if (v >= peak) {
      peak = v;
      peakTime = p.time;
      continue;
    }
    if (peak > 0) pct = Math.max(pct, ((peak - v) / peak) * 100);
    durationMs = Math.max(durationMs, p.time - peakTime);
  }
  return { pct, durationMs };
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
