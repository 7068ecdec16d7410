import type { CandleEvent } from '../core/events.js';
import { atMost } from '../core/quick-compare.js';
import type { StepContext } from '../core/state.js';
import type { EngineCandle } from '../core/types.js';

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
  if (!positive(c)) return 'a candle price is not positive';
  if (!ordered(c)) {
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

function positive(c: EngineCandle): boolean {
  const f = c.floats;
  // A double above 0 proves the price is (a price at or below 0 never parses above it).
  if (f && f.open > 0 && f.high > 0 && f.low > 0 && f.close > 0) return true;
  return c.open.gt(0) && c.high.gt(0) && c.low.gt(0) && c.close.gt(0);
}

/** low ≤ open, close ≤ high and low ≤ high, exactly (the doubles settle all but ties; ties too when distinct). */
function ordered(c: EngineCandle): boolean {
  const f = c.floats;
  if (f?.distinct)
    return f.low <= f.high && f.open <= f.high && f.close <= f.high && f.low <= f.open && f.low <= f.close;
  return (
    atMost(c.low, f?.low, c.high, f?.high) &&
    atMost(c.open, f?.open, c.high, f?.high) &&
    atMost(c.close, f?.close, c.high, f?.high) &&
    atMost(c.low, f?.low, c.open, f?.open) &&
    atMost(c.low, f?.low, c.close, f?.close)
  );
}
