import type { LateSignalsEvent } from '../core/events.js';
import type { StepContext } from '../core/state.js';
import { placeOrder } from './place-order.js';
import { signalOrderAsk } from './signal-order.js';

/**
 * The signals of a candle the account already stepped without them: each recorded as an expired
 * order with the reason, nothing traded. Signals of a candle not stepped yet, or of another candle,
 * are not late: they are refused as such (the runner should have stepped them with their candle).
 */
export function lateSignals(ctx: StepContext, e: LateSignalsEvent): void {
  const last = ctx.state.lastCandles.get(e.symbol);
  if (!last || last.openTime < e.openTime) {
    ctx.log.emit({ type: 'refused', event: 'late-signals', reason: `${e.symbol} has not stepped that candle yet` });
    return;
  }
  for (const s of e.signals) {
    if (s.symbol !== e.symbol || s.candleOpenTime !== e.openTime) {
      ctx.log.emit({ type: 'signal-ignored', signalId: s.id, reason: 'not a signal of that candle' });
      continue;
    }
    placeOrder(
      ctx,
      signalOrderAsk(ctx, s, { referencePrice: last.close, fillTime: e.at }, { status: 'expired', reason: e.reason }),
    );
  }
}
