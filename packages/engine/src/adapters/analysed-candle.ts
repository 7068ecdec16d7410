import { dec } from '@roottrading/accounting';
import type { AnalysedCandle, Signal } from '@roottrading/contracts';
import type { CandleEvent } from '../core/events.js';
import type { EngineSignal } from '../core/types.js';
import type { ProtectionRequest } from '../protection/entry-protection.js';

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
    candle: {
      symbol: c.symbol,
      openTime: c.startTime,
      closeTime: c.closeTime,
      open: dec(c.open),
      high: dec(c.high),
      low: dec(c.low),
      close: dec(c.close),
      // Parsed from the same text, so each double is the nearest to its exact price.
      floats: { open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close) },
    },
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
