import { dec } from '@roottrading/accounting';
import { quoteOf } from '@roottrading/contracts';
import type { CandleEvent } from '../core/events.js';
import type { StepContext } from '../core/state.js';
import { MANUAL_STRATEGY, positionKey, type EngineCandle, type EngineSignal } from '../core/types.js';
import { simulateFill } from '../fills/paper-fill.js';
import { limitFill } from '../orders/limit-fill.js';
import { applyFill } from './apply-fill.js';
import { candleProblem } from './candle-checks.js';
import { observeClose } from './kill-switch-step.js';
import { placeOrder } from './place-order.js';
import { partialInFlight, sellRestAfterPartial } from './partial-exit.js';
import { protectiveExits } from './protective-exits.js';
import { signalOrderAsk } from './signal-order.js';
import { liveOrders } from './settle-order.js';
import { repriced } from './valuation.js';

/**
 * One symbol's closed candle and its signals, in the one order every mode follows:
 * (1) protective exits of positions opened on earlier candles; (2) resting limit orders the candle
 * trades through (paper); (3) equity at the close and the kill switch; (4) the signals of the close,
 * in strategy order. A position opened here is first checked on the next candle.
 */
export function stepCandle(ctx: StepContext, event: CandleEvent): void {
  const { state } = ctx;
  const c = event.candle;
  const problem = candleProblem(ctx, event);
  if (problem) {
    ctx.log.emit({ type: 'candle-rejected', symbol: c.symbol, openTime: c.openTime, reason: problem });
    return;
  }
  const before = state.lastCandles.get(c.symbol)?.close ?? null;
  state.lastCandles.set(c.symbol, c);
  state.clock = Math.max(state.clock ?? c.closeTime, c.closeTime);
  repriced(state, c.symbol, before);

  const exited = protectiveExits(ctx, c);
  if (ctx.config.execution === 'paper') fillRestingLimits(ctx, c);
  observeClose(ctx, quoteOf(c.symbol), c.closeTime);
  for (const signal of event.signals) handleSignal(ctx, event, signal, exited);
}

/** Paper: resting limits of the symbol placed before this candle opened, filled where it trades through them. */
function fillRestingLimits(ctx: StepContext, c: EngineCandle): void {
  const { config } = ctx;
  const rules = config.markets.get(c.symbol);
  // Paper market orders fill within their event: most candles find no live order at all.
  if (!rules || ctx.state.orders.size === 0) return;
  const due = liveOrders(ctx, (o) => o.symbol === c.symbol && o.type === 'limit' && o.placedAt < c.openTime);
  for (const order of due) {
    const hit = limitFill(order.side, order.price!, c);
    if (!hit) continue;
    const huge = dec('1e30');
    // The order was judged when it was placed: a gap to a better price never makes it too small to fill.
    const outcome = simulateFill({
      side: order.side,
      quantity: order.quantity.minus(order.filledQuantity),
      referencePrice: hit.price,
      exactPrice: true,
      rules: { ...rules, minNotional: dec(0) },
      costs: config.costs,
      available: { base: huge, quote: huge },
    });
    if (!outcome.ok) continue;
    const { fill } = outcome;
    applyFill(ctx, order.id, {
      tradeId: `${order.id}-${order.tradeIds.length + 1}`,
      time: c.closeTime,
      price: fill.price,
      quantity: fill.quantity,
      fee: fill.fee,
      feeCurrency: fill.feeCurrency,
      feeQuote: fill.feeQuote,
      role: 'maker',
    });
  }
}

function handleSignal(ctx: StepContext, event: CandleEvent, s: EngineSignal, exited: ReadonlySet<string>): void {
  const { config } = ctx;
  const c = event.candle;
  if (s.symbol !== c.symbol || s.candleOpenTime !== c.openTime) {
    const reason = `signal ${s.id} is for ${s.symbol} at ${new Date(s.candleOpenTime).toISOString()}, not this candle`;
    ctx.log.emit({ type: 'signal-ignored', signalId: s.id, reason });
    return;
  }
  if (s.side === 'SELL' && exitedOnThisCandle(ctx, s, exited)) {
    ctx.log.emit({ type: 'signal-ignored', signalId: s.id, reason: 'its position was exited earlier on this candle' });
    return;
  }
  const age = event.at - c.closeTime;
  const refuse =
    s.strategy === MANUAL_STRATEGY
      ? { status: 'rejected' as const, reason: `strategy name "${MANUAL_STRATEGY}" is reserved for manual orders` }
      : age > config.signalMaxAgeMs
        ? {
            status: 'expired' as const,
            reason: `signal is ${seconds(age)} old; SIGNAL_MAX_AGE is ${seconds(config.signalMaxAgeMs)}`,
          }
        : undefined;
  const position = ctx.state.positions.get(positionKey(s.strategy, s.symbol));
  if (s.side === 'SELL' && !refuse && position && sellRestAfterPartial(ctx, position, 'signal', 'signal')) {
    const reason = 'a partial take-profit of its position is in flight: the rest is sold once it has filled';
    ctx.log.emit({ type: 'signal-ignored', signalId: s.id, reason });
    return;
  }
  placeOrder(ctx, signalOrderAsk(ctx, s, { referencePrice: c.close, fillTime: c.closeTime }, refuse));
}

/**
 * Did something earlier on this candle exit the signal's position — a stop, a resting SELL, the
 * kill switch — so that it is closed (paper) or its exit is in flight (exchange)?
 */
function exitedOnThisCandle(ctx: StepContext, s: EngineSignal, exited: ReadonlySet<string>): boolean {
  const position = ctx.state.positions.get(positionKey(s.strategy, s.symbol));
  const byThisEvent = ctx.log.outputs.some(
    (o) =>
      (o.type === 'position-closed' && o.closed.strategy === s.strategy && o.closed.symbol === s.symbol) ||
      (o.type === 'order' && o.order.side === 'SELL' && o.order.strategy === s.strategy && o.order.symbol === s.symbol),
  );
  if (!byThisEvent && !exited.has(s.strategy)) return false;
  // A partial take-profit leaves the rest open: the SELL still sells it (after the partial).
  if (position && partialInFlight(ctx, position)) return false;
  return !position || position.exitOrderId !== null;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}
