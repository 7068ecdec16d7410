import type { AnalysedCandle } from '@roottrading/contracts';
import type { EngineState } from '@roottrading/engine';
import { newestClose } from './snapshot.js';

/**
 * The runner's clock. On live prices (a `ccxt:` source) it is the wall clock: an entry is handled
 * now, and a manual order's price must be fresh by the wall clock. In a replay or a synthetic run it
 * is the market clock — the newest candle close stepped — so a replay's outcome never depends on the
 * machine's speed, and a 2023 replay writes 2023 times. Live trading is always on the wall clock.
 */
export class MarketClock {
  private wall: boolean;

  constructor(
    private readonly state: () => Readonly<EngineState>,
    private readonly now: () => number = Date.now,
    private readonly alwaysWall = false,
  ) {
    this.wall = alwaysWall;
  }

  /** When an entry is handed to the engine (signal expiry is measured to it). */
  entryTime(entry: AnalysedCandle): number {
    this.wall = this.alwaysWall || (entry.candle.source ?? '').startsWith('ccxt');
    return this.wall ? this.now() : entry.candle.closeTime;
  }

  /** The time of a manual or operator event: before any candle, the wall clock. */
  eventTime(): number {
    if (this.wall) return this.now();
    return this.newestClose() ?? this.now();
  }

  newestClose(): number | null {
    return newestClose(this.state());
  }
}
