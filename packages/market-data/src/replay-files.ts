import { compactSymbol, msToInterval } from '@roottrading/contracts';

export class ReplayConfigError extends Error {
  override name = 'ReplayConfigError';
}

const CANDLE_FILE_RE = /\.(csv|json)(\.gz)?$/i;

/** A file name's words: runs of letters and digits, upper case ("binanceus_BTCUSDC_1m.csv" → BINANCEUS, BTCUSDC, 1M, CSV). */
export function fileTokens(name: string): string[] {
  return name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/**
 * Picks one candle file per symbol: a .csv or .json (either gzipped, .gz) whose name holds the compact symbol as a whole
 * word, so `_BTCUSDC_` is BTC/USDC and never BTC/USD. Other files are ignored; a symbol with no file
 * or with two is an error naming them.
 */
export function matchReplayFiles(
  dir: string,
  names: readonly string[],
  symbols: readonly string[],
): Map<string, string> {
  const candidates = names.filter((n) => CANDLE_FILE_RE.test(n)).sort();
  const out = new Map<string, string>();
  for (const symbol of symbols) {
    const compact = compactSymbol(symbol).toUpperCase();
    const found = candidates.filter((n) => fileTokens(n).includes(compact));
    if (found.length === 0) {
      throw new ReplayConfigError(
        `REPLAY_DIR ${dir} has no candle file for ${symbol}: expected a .csv or .json file (or .csv.gz, .json.gz) with ${compact} ` +
          `as a whole word of its name, e.g. binanceus_${compact}_1m.csv`,
      );
    }
    if (found.length > 1) {
      throw new ReplayConfigError(
        `REPLAY_DIR ${dir} has ${found.length} candle files for ${symbol} (${found.join(', ')}); keep exactly one`,
      );
    }
    out.set(symbol, found[0]!);
  }
  return out;
}

/** Refuses a file whose candles are not INTERVAL apart. */
export function checkInterval(
  file: string,
  inferredMs: number | undefined,
  interval: string,
  intervalMs: number,
): void {
  if (inferredMs === undefined || inferredMs === intervalMs) return;
  throw new ReplayConfigError(
    `${file}: its candles are ${describeMs(inferredMs)} apart but INTERVAL is ${interval}; ` +
      `set INTERVAL=${describeMs(inferredMs)} or replay a ${interval} file`,
  );
}

function describeMs(ms: number): string {
  try {
    return msToInterval(ms);
  } catch {
    return `${ms} ms`;
  }
}
