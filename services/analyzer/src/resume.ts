import { ANALYSED_FIELD, type Bus } from '@roottrading/bus';
import { KEY } from '@roottrading/contracts';
import type { Db } from '@roottrading/db';
import { traderSteppedThrough } from './repositories/trader-progress.js';

/** Entries read back per call, and how far back the search goes before it gives up on a symbol. */
const PAGE = 500;
const MAX_PAGES = 20;

/**
 * Where each symbol's analysis resumes after a restart: the newest candle whose analysed entry is
 * on the stream (everything analysed after it — entries still queued, a burst whose signals were
 * stored but not yet sent — died with the process and is analysed again, into the same signal ids).
 * A symbol with no entry on the stream (Redis lost its data, or it was trimmed) resumes from the
 * last candle the trader stepped. A symbol with neither starts fresh, as before any restart.
 */
export async function resumePoints(bus: Bus, db: Db, symbols: readonly string[]): Promise<Map<string, number>> {
  const points = await lastOnStream(bus, symbols);
  const missing = symbols.filter((s) => !points.has(s));
  if (missing.length > 0) {
    for (const [symbol, t] of await traderSteppedThrough(db, missing)) points.set(symbol, t);
  }
  return points;
}

/** The newest entry's candle open time per symbol, read from the stream's end backwards. */
async function lastOnStream(bus: Bus, symbols: readonly string[]): Promise<Map<string, number>> {
  const key = bus.key(KEY.analysedCandleStream);
  const found = new Map<string, number>();
  let end = '+';
  for (let page = 0; page < MAX_PAGES && found.size < symbols.length; page++) {
    const entries = (await bus.redis.xrevrange(key, end, '-', 'COUNT', PAGE)) as [string, string[]][];
    for (const [, fields] of entries) {
      const candle = candleOf(bus, key, fields);
      if (candle && symbols.includes(candle.symbol) && !found.has(candle.symbol))
        found.set(candle.symbol, candle.startTime);
    }
    if (entries.length < PAGE) break;
    end = `(${entries[entries.length - 1]![0]}`;
  }
  return found;
}

/**
 * The entry's candle, or undefined for an entry that is not one of ours (it is skipped, not
 * trusted): with BUS_SECRET, one without our signature, so a forged entry cannot move where we resume.
 */
function candleOf(bus: Bus, key: string, fields: string[]): { symbol: string; startTime: number } | undefined {
  const at = fields.indexOf(ANALYSED_FIELD);
  if (at < 0) return undefined;
  const opened = bus.verify(key, fields[at + 1]!);
  if (!opened.ok) return undefined;
  try {
    const entry = JSON.parse(opened.body) as { candle?: { symbol?: unknown; startTime?: unknown } };
    const { symbol, startTime } = entry.candle ?? {};
    return typeof symbol === 'string' && typeof startTime === 'number' ? { symbol, startTime } : undefined;
  } catch {
    return undefined;
  }
}
