import { analysedCandleSchema, type AnalysedCandle } from '@roottrading/contracts';
import { analysedCandlesBetween, type Db } from '@roottrading/db';

/**
 * The analysed candles the analyzer stored (its stream's outbox) for `symbol` strictly between two
 * open times, oldest first, checked against the schema as any entry from the stream is.
 */
export function outboxReader(db: Db, interval: string) {
  return async (symbol: string, after: number, before: number): Promise<AnalysedCandle[]> => {
    const rows = await analysedCandlesBetween(db, symbol, interval, new Date(after), new Date(before));
    return rows.map((text) => analysedCandleSchema.parse(JSON.parse(text)));
  };
}
