import type { Candle } from '@roottrading/contracts';

/**
 * Hands closed candles of one open time, at most one per symbol, to the gateway; resolves once they
 * are published (and paced). Never rejects. A source hands over what it has of one time together,
 * so the gateway publishes them in one round trip.
 */
export type Emit = (candles: readonly Candle[]) => Promise<void>;

export type FeedStateName = 'starting' | 'live' | 'retrying' | 'finished';

export interface FeedStatus {
  state: FeedStateName;
  /** Open time (epoch ms) of the last candle emitted. */
  lastCandleAt: number | null;
  lastError?: string;
  /** When the next connection attempt is due (epoch ms), while retrying. */
  nextRetryAt?: number;
  /** ccxt only: streaming over websockets or polling REST. */
  mode?: 'ws' | 'rest';
}

export interface ReplayProgress {
  done: boolean;
  published: number;
  total: number;
}

/** Where candles come from: an exchange, files, or a random walk. */
export interface CandleSource {
  /** Written into every candle's `source` field. */
  readonly name: string;
  /** Validates its input (throws a clear error) and starts emitting in the background. */
  start(emit: Emit): Promise<void>;
  /** Stops emitting; resolves once no emit is in flight. */
  stop(): Promise<void>;
  status(): FeedStatus;
  /** Replay only. */
  progress?(): ReplayProgress;
}

/** The mutable feed state a source keeps and reports through `status()`. */
export class FeedState {
  private current: FeedStatus = { state: 'starting', lastCandleAt: null };

  /** Keeps the last error (or takes a new one): after a recovery it still tells what went wrong. */
  live(mode?: FeedStatus['mode'], error?: string): void {
    const { lastCandleAt } = this.current;
    const lastError = error ?? this.current.lastError;
    this.current = { state: 'live', lastCandleAt, ...(lastError ? { lastError } : {}), ...(mode ? { mode } : {}) };
  }

  retrying(error: string, nextRetryAt: number, mode?: FeedStatus['mode']): void {
    this.current = {
      state: 'retrying',
      lastCandleAt: this.current.lastCandleAt,
      lastError: error,
      nextRetryAt,
      ...(mode ? { mode } : {}),
    };
  }

  finished(): void {
    const { lastCandleAt, lastError } = this.current;
    this.current = { state: 'finished', lastCandleAt, ...(lastError ? { lastError } : {}) };
  }

  candle(candle: Candle): void {
    this.current.lastCandleAt = candle.startTime;
  }

  snapshot(): FeedStatus {
    return { ...this.current };
  }
}
