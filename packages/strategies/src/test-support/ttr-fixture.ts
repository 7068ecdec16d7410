import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A sample of R's TTR values over the real BTC/USDC candles, written by a script in indicators/fixtures. */
export interface TtrFixture {
  candles: number;
  columns: string[];
  rows: (number | null)[][];
}

export function readTtrFixture(name: string): TtrFixture {
  const url = new URL(`../indicators/fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as TtrFixture;
}

/**
 * Throws unless `ours[candle][k]` (our value of the fixture's column k + 1 at that candle) is within
 * 1e-9 · max(1, |TTR|) of each TTR value, and undefined wherever TTR has none; returns how many
 * values were compared. The error names the column and the candle.
 */
export function expectMatchesTtr(fixture: TtrFixture, ours: (number | undefined)[][]): number {
  let compared = 0;
  for (const [index, ...want] of fixture.rows) {
    want.forEach((w, k) => {
      const got = ours[index!]![k];
      const what = `${fixture.columns[k + 1]} at candle ${index}: got ${got}, TTR ${w}`;
      if (w === null) {
        if (got !== undefined) throw new Error(what);
        return;
      }
      if (!(Math.abs(got! - w) <= 1e-9 * Math.max(1, Math.abs(w)))) throw new Error(what);
      compared++;
    });
  }
  return compared;
}
