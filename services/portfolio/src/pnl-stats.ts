import { dec, toPlain } from '@roottrading/accounting';
import type { PnlStats } from '@roottrading/contracts';

/**
 * Sums over a group of closed positions, as PostgreSQL adds them up exactly (NUMERIC). A "win" is a
 * position closed with net PnL > 0; everything else, break-even (net = 0) included, is a loss: a
 * round trip that earned nothing after fees did not win.
 */
export interface ClosedAggregate {
  currency: string;
  trades: number;
  wins: number;
  grossPnl: string;
  netPnl: string;
  fees: string;
  /** Sum of net PnL of the winning positions (≥ 0). */
  winningNet: string;
  /** Sum of net PnL of the losing positions (≤ 0). */
  losingNet: string;
}

/**
 * The ratios of one group. Profit factor is winning net / |losing net|, null when that
 * denominator is zero (no losses, or only break-even ones), since it would be infinite or undefined.
 * Average loss is negative (−4 means a typical loss of 4). Fractions are rounded half-even to 18
 * decimals, the scale money has everywhere else.
 */
export function pnlStats(a: ClosedAggregate): PnlStats {
  const losses = a.trades - a.wins;
  const winningNet = dec(a.winningNet);
  const losingNet = dec(a.losingNet);
  return {
    currency: a.currency,
    trades: a.trades,
    wins: a.wins,
    losses,
    winRate: a.trades === 0 ? null : toPlain(dec(a.wins).div(a.trades)),
    grossPnl: toPlain(dec(a.grossPnl)),
    netPnl: toPlain(dec(a.netPnl)),
    fees: toPlain(dec(a.fees)),
    profitFactor: losingNet.isZero() ? null : toPlain(winningNet.div(losingNet.abs())),
    averageWin: a.wins === 0 ? null : toPlain(winningNet.div(a.wins)),
    averageLoss: losses === 0 ? null : toPlain(losingNet.div(losses)),
  };
}
