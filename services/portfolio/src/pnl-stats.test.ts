import { describe, expect, it } from '@jest/globals';
import { pnlStats, type ClosedAggregate } from './pnl-stats.js';

const base: ClosedAggregate = {
  currency: 'USDC',
  trades: 0,
  wins: 0,
  grossPnl: '0',
  netPnl: '0',
  fees: '0',
  winningNet: '0',
  losingNet: '0',
};

describe('pnlStats', () => {
  it('computes the ratios of +10, −4 and +2 net', () => {
    // Gross 11, −3, 3 with fees 1, 1, 1: net 10, −4, 2.
    const stats = pnlStats({
      ...base,
      trades: 3,
      wins: 2,
      grossPnl: '11',
      netPnl: '8',
      fees: '3',
      winningNet: '12',
      losingNet: '-4',
    });
    expect(stats).toEqual({
      currency: 'USDC',
      trades: 3,
      wins: 2,
      losses: 1,
      winRate: '0.666666666666666667',
      grossPnl: '11',
      netPnl: '8',
      fees: '3',
      profitFactor: '3',
      averageWin: '6',
      averageLoss: '-4',
    });
  });

  it('has no ratios before the first closed position', () => {
    expect(pnlStats(base)).toMatchObject({
      trades: 0,
      wins: 0,
      losses: 0,
      winRate: null,
      profitFactor: null,
      averageWin: null,
      averageLoss: null,
    });
  });

  it('has no profit factor and no average loss with only wins', () => {
    const stats = pnlStats({ ...base, trades: 2, wins: 2, netPnl: '5', winningNet: '5', grossPnl: '5.2', fees: '0.2' });
    expect(stats).toMatchObject({ winRate: '1', profitFactor: null, averageWin: '2.5', averageLoss: null });
  });

  it('counts a break-even position as a loss, which leaves the profit factor undefined', () => {
    // Net 0 and net 0: two losses of nothing.
    const stats = pnlStats({ ...base, trades: 2, wins: 0, grossPnl: '0.4', fees: '0.4' });
    expect(stats).toMatchObject({ wins: 0, losses: 2, winRate: '0', profitFactor: null, averageLoss: '0' });
  });

  it('keeps every decimal of small amounts', () => {
    // Net 0.00000003, −0.00000001, −0.00000001: PF 0.00000003 / 0.00000002 = 1.5, average loss −0.00000001.
    const stats = pnlStats({
      ...base,
      trades: 3,
      wins: 1,
      netPnl: '0.00000001',
      winningNet: '0.00000003',
      losingNet: '-0.00000002',
    });
    expect(stats).toMatchObject({
      profitFactor: '1.5',
      averageWin: '0.00000003',
      averageLoss: '-0.00000001',
      winRate: '0.333333333333333333',
    });
  });
});
