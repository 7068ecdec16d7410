import { analysedCandleSchema, type AnalysedCandle } from '@roottrading/contracts';
import { analysedCandlesAfter, analysedCandlesBetween, pruneAnalysedCandles, type Db } from '@roottrading/db';

/** The analysed candles the analyzer stored (its stream's outbox), checked against the schema as any entry from the stream is. */
export interface OutboxReader {
  /** Those of `symbol` strictly between two open times, oldest first. */
  between(symbol: string, after: number, before: number): Promise<AnalysedCandle[]>;
  /** Those after each symbol's time, oldest first across symbols, at most `limit`. */
  after(after: ReadonlyMap<string, number>, limit: number): Promise<AnalysedCandle[]>;
  /** Deletes those opening before each symbol's time (never its newest); resolves with how many. */
  prune(before: ReadonlyMap<string, number>): Promise<number>;
}

export function outboxReader(db: Db, interval: string): OutboxReader {
  const parsed = (rows: string[]) => rows.map((text) => analysedCandleSchema.parse(JSON.parse(text)));
  return {
    between: async (symbol, after, before) =>
      parsed(await analysedCandlesBetween(db, symbol, interval, new Date(after), new Date(before))),
    after: async (after, limit) => {
      const times = new Map([...after].map(([symbol, t]) => [symbol, new Date(t)]));
      return parsed(await analysedCandlesAfter(db, interval, times, limit));
    },
    prune: (before) => pruneAnalysedCandles(db, interval, new Map([...before].map(([s, t]) => [s, new Date(t)]))),
  };
}
