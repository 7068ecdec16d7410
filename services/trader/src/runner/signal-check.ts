import type { AnalysedCandle } from '@roottrading/contracts';
import { signalsByIds, type DbOrTx } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import { signalMismatch } from './signal-match.js';

export interface StreamEntry {
  value: AnalysedCandle;
  entryId: string;
}

/**
 * The trader acts only on signals the analyzer stored: it stores every signal before its entry is
 * written to the stream, so an entry whose signals are not in `signals` exactly as it carries them
 * was not written by the analyzer — anyone who can write to Redis could have. Such an entry is
 * refused whole (its candle too: a forged candle stepped first would make the real entry of that
 * candle a duplicate), logged once, counted, and acknowledged so it is not read again. One query
 * per read, however many entries it holds.
 */
export class StoredSignalCheck {
  /** Entries refused because a signal in them is not stored as they carry it. */
  forged = 0;

  constructor(
    private readonly db: DbOrTx,
    private readonly logger: Logger,
  ) {}

  /** The entries whose every signal is stored as carried, in their order, and the ids of the refused rest. */
  async sift<E extends StreamEntry>(batch: readonly E[]): Promise<{ trusted: E[]; refused: string[] }> {
    const ids = batch.flatMap((e) => e.value.signals.map((s) => s.id));
    if (ids.length === 0) return { trusted: [...batch], refused: [] };
    const rows = new Map((await signalsByIds(this.db, ids)).map((r) => [r.id, r]));
    const trusted: E[] = [];
    const refused: string[] = [];
    for (const entry of batch) {
      const problems = entry.value.signals.flatMap((s) => {
        const problem = signalMismatch(s, rows.get(s.id));
        return problem === null ? [] : [`signal ${s.id} (${s.strategy} ${s.side}): ${problem}`];
      });
      if (problems.length === 0) {
        trusted.push(entry);
        continue;
      }
      this.forged++;
      refused.push(entry.entryId);
      this.logger.warn(
        {
          entryId: entry.entryId,
          symbol: entry.value.candle.symbol,
          candleTime: new Date(entry.value.candle.startTime).toISOString(),
          problems,
        },
        'forged analysed-candle entry refused: its signals are not the ones the analyzer stored',
      );
    }
    return { trusted, refused };
  }
}
