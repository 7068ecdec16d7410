import type { StepContext } from '../core/state.js';
import { observeEquity, utcDay } from '../risk/kill-switch.js';
import { closePositions } from './close-positions.js';
import { cancelOrder, liveOrders } from './settle-order.js';
import { equityOf } from './valuation.js';

/**
 * One quote currency's equity at a candle's close against the daily-loss and drawdown limits. A
 * breach trips the kill switch at that candle's time: new entries are refused, resting BUYs are
 * cancelled (an entry that has not happened yet must not happen later) and, when configured, every
 * position is sold at the close.
 */
export function observeClose(ctx: StepContext, quote: string, closeTime: number): void {
  const { state, config } = ctx;
  const { dailyLossPct, maxDrawdownPct } = config.lossLimits;
  // isZero || isNeg is lte(0) without making a Decimal of 0 on every candle.
  if ((dailyLossPct.isZero() || dailyLossPct.isNeg()) && (maxDrawdownPct.isZero() || maxDrawdownPct.isNeg())) return;
  const seen = observeEquity(quote, state.marks.get(quote), equityOf(ctx, quote), utcDay(closeTime), config.lossLimits);
  state.marks.set(quote, seen.mark);
  if (!seen.breach || state.killSwitch.active) return;
  state.killSwitch = { ...state.killSwitch, active: true, reason: seen.breach, trippedAt: closeTime };
  ctx.log.emit({ type: 'kill-switch', state: state.killSwitch, change: 'tripped' });
  for (const o of liveOrders(ctx, (o) => o.side === 'BUY')) cancelOrder(ctx, o, 'canceled by the kill switch');
  if (config.killSwitchClosePositions) closePositions(ctx, {}, 'kill_switch', closeTime);
}

/**
 * Clears a tripped kill switch (the only way to). The peak and the day's start are taken again from
 * the equity now, or the loss that tripped it would trip it again on the next candle.
 */
export function resetKillSwitch(ctx: StepContext, by: string): void {
  const { state } = ctx;
  const at = ctx.log.at;
  const day = utcDay(state.clock ?? at);
  for (const quote of new Set([...state.marks.keys()])) {
    const equity = equityOf(ctx, quote);
    state.marks.set(quote, { peak: equity, day, dayStart: equity, last: equity });
  }
  state.killSwitch = { ...state.killSwitch, active: false, resetBy: by, resetAt: at };
  ctx.log.emit({ type: 'kill-switch', state: state.killSwitch, change: 'reset' });
}
