import type { AnalysedCandle, Signal } from '@roottrading/contracts';
import type { CandleEvent } from '../core/events.js';
import type { EngineSignal } from '../core/types.js';
import type { ProtectionRequest } from '../protection/entry-protection.js';
import { TextCandle } from './text-candle.js';

/**
 * An analysed-candle entry (the bus's shape: decimal strings, a signal's protections as fields) as
 * the engine's event. `at` is the runner's clock when it hands the entry in: the candle's close in a
 * replay or backtest, the wall clock live.
 */
export function candleEventOf(entry: AnalysedCandle, at: number = entry.candle.closeTime): CandleEvent {
  const c = entry.candle;
  return {
    type: 'candle',
    at,
    candle: new TextCandle(c.symbol, c.startTime, c.closeTime, c),
    signals: entry.signals.map(engineSignalOf),
  };
}

function engineSignalOf(s: Signal): EngineSignal {
  const protection: ProtectionRequest = {
    ...(s.stopLoss ? { stopLoss: s.stopLoss } : {}),
    ...(s.takeProfit ? { takeProfit: s.takeProfit } : {}),
    ...(s.trailingStop ? { trailingStop: s.trailingStop } : {}),
    ...(s.partialTakeProfit ? { partialTakeProfit: s.partialTakeProfit } : {}),
    ...(s.timeStop !== undefined ? { timeStop: s.timeStop } : {}),
  };
  return {
    id: s.id,
    strategy: s.strategy,
    symbol: s.symbol,
    side: s.side,
    candleOpenTime: s.timestamp,
    ...(Object.keys(protection).length > 0 ? { protection } : {}),
  };
}
