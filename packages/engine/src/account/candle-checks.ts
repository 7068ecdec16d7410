import type { CandleEvent } from '../core/events.js';
import type { StepContext } from '../core/state.js';

/**
 * Why a candle must not be stepped, or null. A candle moves stops, fills limits and prices every
 * manual order, so one that is impossible (high below low, a price at or below zero), not of a
 * symbol traded here, not one interval long, later than the clock handing it in allows, or not
 * after the symbol's last candle is refused rather than believed.
 */
export function candleProblem(ctx: StepContext, event: CandleEvent): string | null {
  const { config, state } = ctx;
  const c = event.candle;
  if (!config.symbols.includes(c.symbol))
    return `${c.symbol} is not traded here (SYMBOLS is ${config.symbols.join(',')})`;
  if (c.closeTime !== c.openTime + config.intervalMs - 1) {
    return `candle ${c.openTime}–${c.closeTime} is not one interval (${config.intervalMs} ms) long`;
  }
  if (c.open.lte(0) || c.high.lte(0) || c.low.lte(0) || c.close.lte(0)) return 'a candle price is not positive';
  if (c.high.lt(c.low) || c.high.lt(c.open) || c.high.lt(c.close) || c.low.gt(c.open) || c.low.gt(c.close)) {
    return `impossible candle: open ${c.open.toFixed()} high ${c.high.toFixed()} low ${c.low.toFixed()} close ${c.close.toFixed()}`;
  }
  if (c.closeTime > event.at)
    return `candle closes at ${new Date(c.closeTime).toISOString()}, after the time it was handed in`;
  const last = state.lastCandles.get(c.symbol);
  if (last && c.openTime <= last.openTime) {
    return `candle at ${new Date(c.openTime).toISOString()} is not after the last one stepped (${new Date(last.openTime).toISOString()})`;
  }
  return null;
}
