import type { EngineEvent, EngineOutput } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';

/** What the account has done since start, spread into /health as it is. */
export class RunnerStats {
  candlesStepped = 0;
  candlesRejected = 0;
  signalsHandled = 0;
  signalsIgnored = 0;
  ordersFilled = 0;
  ordersRejected = 0;
  ordersExpired = 0;
  protectiveExits = 0;
  batchesCommitted = 0;

  count(events: readonly EngineEvent[], outputs: readonly EngineOutput[]): void {
    this.batchesCommitted++;
    for (const e of events) {
      if (e.type !== 'candle') continue;
      this.candlesStepped++;
      this.signalsHandled += e.signals.length;
    }
    for (const o of outputs) {
      if (o.type === 'candle-rejected') {
        this.candlesRejected++;
        this.candlesStepped--;
      } else if (o.type === 'signal-ignored') this.signalsIgnored++;
      else if (o.type === 'order' || o.type === 'order-updated') this.countOrder(o.order);
    }
  }

  private countOrder(order: Extract<EngineOutput, { type: 'order' }>['order']): void {
    if (order.status === 'filled') {
      this.ordersFilled++;
      if (order.source === 'protection') this.protectiveExits++;
    } else if (order.status === 'rejected') this.ordersRejected++;
    else if (order.status === 'expired') this.ordersExpired++;
  }
}

/** One log line for each thing an operator wants to know of: refusals, rejected candles, the kill switch, closed positions. */
export function logOutputs(logger: Logger, outputs: readonly EngineOutput[]): void {
  for (const o of outputs) {
    switch (o.type) {
      case 'candle-rejected':
        logger.warn(
          { symbol: o.symbol, openTime: new Date(o.openTime).toISOString(), reason: o.reason },
          'candle refused',
        );
        break;
      case 'refused':
        logger.warn({ event: o.event, reason: o.reason }, `${o.event} refused`);
        break;
      case 'kill-switch':
        if (o.change === 'tripped') {
          logger.warn(
            { reason: o.state.reason, marketTime: new Date(o.at).toISOString() },
            'kill switch tripped: new entries are refused until POST /risk/kill-switch/reset',
          );
        } else logger.warn({ by: o.state.resetBy }, 'kill switch reset');
        break;
      case 'position-closed':
        logger.info(
          {
            strategy: o.closed.strategy,
            symbol: o.closed.symbol,
            exitReason: o.closed.exitReason,
            marketTime: new Date(o.at).toISOString(),
          },
          'position closed',
        );
        break;
      case 'order':
        // A signal's refusal is routine (a BUY while holding); an operator's is news.
        if ((o.order.status === 'rejected' || o.order.status === 'expired') && o.order.source !== 'signal') {
          logger.info(
            { strategy: o.order.strategy, symbol: o.order.symbol, side: o.order.side, reason: o.order.reason },
            `order ${o.order.status}`,
          );
        } else {
          const { id, strategy, symbol, side, reason } = o.order;
          logger.debug({ id, strategy, symbol, side, reason }, `order ${o.order.status}`);
        }
        break;
      default:
        break;
    }
  }
}
