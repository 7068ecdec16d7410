import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { compactSymbol } from '@roottrading/contracts';
import { candleSpan, candlesBetween, numericText, type Db } from '@roottrading/db';
import { matchReplayFiles } from '@roottrading/market-data';

/** Rows read per query: the file is written window by window, never the whole range in memory. */
const WINDOW_CANDLES = 10_000;

/** binance_BTCUSDC_1m.csv: the compact symbol is a word of the name, which is how the replay source finds it. */
export function replayFileName(exchange: string, symbol: string, interval: string): string {
  return `${exchange}_${compactSymbol(symbol)}_${interval}.csv`;
}

const plain = numericText;

export interface CsvWritten {
  file: string;
  candles: number;
  /** Set when the replay source would not pick this file for the symbol (another file there matches it too). */
  warning?: string;
}

/**
 * Writes every candle the table holds for the symbol in [from, end) as `open_time,open,high,low,close,volume`
 * (epoch ms, exact decimals), through a `.partial` file renamed at the end so a failed run leaves no half file.
 * Null when there is no candle to write.
 */
export async function writeReplayCsv(
  db: Db,
  dir: string,
  name: string,
  job: { symbol: string; interval: string; intervalMs: number; from: number; end: number },
): Promise<CsvWritten | null> {
  const span = await candleSpan(db, [job.symbol], job.interval, new Date(job.from), new Date(job.end));
  if (!span) return null;
  await mkdir(dir, { recursive: true });
  const file = join(dir, name);
  const out = createWriteStream(`${file}.partial`);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('open_time,open,high,low,close,volume\n');
  const last = span.last.getTime();
  for (let t = span.first.getTime(); t <= last; t += WINDOW_CANDLES * job.intervalMs) {
    const to = Math.min(last + 1, t + WINDOW_CANDLES * job.intervalMs);
    const rows = await candlesBetween(db, [job.symbol], job.interval, new Date(t), new Date(to));
    const values = (r: (typeof rows)[number]) => [r.open, r.high, r.low, r.close, r.volume].map(plain);
    await write(rows.map((r) => `${new Date(r.open_time).getTime()},${values(r).join(',')}\n`).join(''));
  }
  out.end();
  await once(out, 'finish');
  await rename(`${file}.partial`, file);
  return { file, candles: span.count, ...replayWarning(dir, await readdir(dir), job.symbol) };
}

function replayWarning(dir: string, names: string[], symbol: string): { warning?: string } {
  try {
    matchReplayFiles(dir, names, [symbol]);
    return {};
  } catch (err) {
    return { warning: (err as Error).message };
  }
}
