import { intervalToMs, type Candle } from '@roottrading/contracts';
import { candleFault, gateClockFor } from '@roottrading/engine';
import type { Logger } from '@roottrading/logger';

/**
 * The gateway's share of the candle checks: a candle its source hands it that is impossible on its
 * own (a price at or below zero, high below low, off the interval's grid, closing after the wall
 * clock on exchange prices) is never published nor stored, logged once with the reason and counted.
 * Jumps are not judged here: every reader (analyzer, trader, backtester) holds them for
 * confirmation with the same CandleGate, whoever put the candle on the bus.
 */
export class CandleRefusals {
  refused = 0;

  constructor(
    private readonly interval: string,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The candles that may go out, in their order. */
  sound(candles: readonly Candle[]): Candle[] {
    const out: Candle[] = [];
    for (const c of candles) {
      const fault = candleFault(c, intervalToMs(c.interval), gateClockFor(c, this.now()));
      const wrongInterval = c.interval !== this.interval ? `interval ${c.interval} is not ${this.interval}` : null;
      const reason = wrongInterval ?? fault;
      if (reason === null) {
        out.push(c);
        continue;
      }
      this.refused++;
      this.logger.warn(
        { symbol: c.symbol, candleAt: new Date(c.startTime).toISOString(), source: c.source, reason },
        `candle from the source refused: ${reason}`,
      );
    }
    return out;
  }
}
