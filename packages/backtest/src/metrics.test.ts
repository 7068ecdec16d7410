import { describe, expect, it } from '@jest/globals';
import { dec } from '@roottrading/accounting';
import type { ClosedRow } from './recorder.js';
import { buyAndHold, dailyReturns, maxDrawdown, quoteMetrics, sharpe, sortino } from './metrics.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const point = (t: number, v: number | string) => ({ time: t, value: dec(v) });

// Day 1 ends at 1100, day 2 at 990, day 3 at 1089, from 1000: +10 %, −10 %, +10 %.
const equity = [
  point(T0 + 3_600_000, 1050),
  point(T0 + DAY - 1, 1100),
  point(T0 + 2 * DAY - 1, 990),
  point(T0 + 3 * DAY - 1, 1089),
];

function closed(symbol: string, net: string, gross: string, fees: string, hours: number): ClosedRow {
  return {
    strategy: 's',
    symbol,
    exitReason: 'signal',
    quantity: '1',
    entryPrice: '100',
    exitPrice: dec(100).plus(gross).toFixed(),
    openedAt: T0,
    closedAt: T0 + hours * 3_600_000,
    grossPnl: gross,
    fees,
    netPnl: net,
  };
}

describe('backtest metrics', () => {
  it('takes each UTC day’s last equity for its return', () => {
    const r = dailyReturns(1000, equity);
    expect(r).toHaveLength(3);
    expect(r[0]).toBeCloseTo(0.1, 12);
    expect(r[1]).toBeCloseTo(-0.1, 12);
    expect(r[2]).toBeCloseTo(0.1, 12);
  });

  it('annualises Sharpe and Sortino by √365 from the textbook formulas', () => {
    const r = [0.1, -0.1, 0.1];
    const m = (0.1 - 0.1 + 0.1) / 3;
    const sd = Math.sqrt(((0.1 - m) ** 2 + (-0.1 - m) ** 2 + (0.1 - m) ** 2) / 2);
    expect(sharpe(r)).toBeCloseTo((m / sd) * Math.sqrt(365), 9);
    expect(sortino(r)).toBeCloseTo((m / Math.sqrt(0.01 / 3)) * Math.sqrt(365), 9);
    expect(sharpe([0.01])).toBeNull();
    expect(sharpe([0.01, 0.01])).toBeNull();
    expect(sortino([0.01, 0.02])).toBeNull();
  });

  it('measures the deepest fall from a peak and the longest time below one', () => {
    // Peak 1100 at the end of day 1; 990 is 10 % below it; never recovered by the end of day 3.
    const dd = maxDrawdown(1000, equity);
    expect(dd.pct).toBeCloseTo(10, 9);
    expect(dd.durationMs).toBe(2 * DAY);
    // Recovered: the time below ends at the new high.
    const back = maxDrawdown(1000, [
      point(T0, 1000),
      point(T0 + DAY, 900),
      point(T0 + 2 * DAY, 1001),
      point(T0 + 9 * DAY, 1002),
    ]);
    expect(back.pct).toBeCloseTo(10, 9);
    expect(back.durationMs).toBe(DAY);
  });

  it('sums trades per quote currency and never across two', () => {
    const positions = [
      closed('BTC/USDC', '9', '10', '1', 2),
      closed('BTC/USDC', '-6', '-5', '1', 4),
      closed('BTC/USDC', '-3', '-2', '1', 6),
      closed('BTC/USDT', '1000', '1001', '1', 1),
    ];
    const m = quoteMetrics({
      quote: 'USDC',
      startingEquity: dec(1000),
      equity,
      closed: positions,
      fees: dec(3),
      exposure: { steps: 4, inMarket: 1 },
      hold: new Map([
        ['BTC/USDC', { firstOpen: dec(100), lastClose: dec(110) }],
        ['ETH/USDC', { firstOpen: dec(10), lastClose: dec(9) }],
        ['BTC/USDT', { firstOpen: dec(100), lastClose: dec(300) }],
      ]),
      from: T0,
      to: T0 + 3 * DAY - 1,
    });
    expect(m.finalEquity.toFixed()).toBe('1089');
    expect(m.netProfit.toFixed()).toBe('89');
    expect(m.totalReturnPct).toBeCloseTo(8.9, 9);
    expect(m.cagrPct).toBeCloseTo((1.089 ** (365.25 / 3) - 1) * 100, 6);
    expect(m.calmar).toBeCloseTo(m.cagrPct! / 10, 6);
    expect(m.trades).toBe(3);
    expect(m.winRatePct).toBeCloseTo(100 / 3, 9);
    expect(m.profitFactor).toBeCloseTo(1, 12);
    expect(m.expectancy!.toFixed()).toBe('0');
    expect(m.avgWin!.toFixed()).toBe('9');
    expect(m.avgLoss!.toFixed()).toBe('-4.5');
    expect(m.exposurePct).toBe(25);
    expect(m.fees.toFixed()).toBe('3');
    // Fees over the gross profit of the winners: 3 / 10.
    expect(m.feesOfGrossProfitPct).toBeCloseTo(30, 9);
    // (+10 % and −10 %) / 2: the USDT pair is another currency.
    expect(m.buyAndHoldPct).toBeCloseTo(0, 9);
    expect(buyAndHold('USDT', new Map([['BTC/USDT', { firstOpen: dec(100), lastClose: dec(300) }]]))).toBeCloseTo(
      200,
      9,
    );
  });
});
