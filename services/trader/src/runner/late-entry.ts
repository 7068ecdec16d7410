import type { CandleEvent, LateSignalsEvent } from '@roottrading/engine';

/** The signals of a candle whose exits already ran from the trader's own feed: recorded expired, with why. */
export function lateOf(event: CandleEvent, waitMs: number): LateSignalsEvent {
  return {
    type: 'late-signals',
    at: event.at,
    symbol: event.candle.symbol,
    openTime: event.candle.openTime,
    signals: event.signals,
    reason: `the analyzer was late: this candle's exits were applied from the trader's own feed after ${Math.round(waitMs / 1000)}s, before its signals arrived`,
  };
}
