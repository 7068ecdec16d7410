import { numberToPlainString } from '@roottrading/contracts';

/** One candle read from a replay file; prices stay decimal strings exactly as written. */
export interface FileCandle {
  startTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

export class CandleFileError extends Error {
  override name = 'CandleFileError';
}

/** Header names (lower case, letters and digits only) accepted for each field. */
const COLUMNS = {
  startTime: ['opentime', 'timestamp', 'starttime', 'time'],
  open: ['open'],
  high: ['high'],
  low: ['low'],
  close: ['close'],
  volume: ['volume'],
} as const;
type Field = keyof typeof COLUMNS;
const FIELDS = Object.keys(COLUMNS) as Field[];

const normalizeName = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Reads a .csv or .json candle file (`file` is its name, .gz already undone); any malformed row is an error naming the file and the line (or item). */
export function parseCandleFile(file: string, text: string): FileCandle[] {
  const rows = /\.json(\.gz)?$/i.test(file) ? parseJson(file, text) : parseCsv(file, text);
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]!;
    const row = rows[i]!;
    if (row.candle.startTime <= prev.candle.startTime) {
      throw new CandleFileError(
        `${file}: ${row.where}: time ${new Date(row.candle.startTime).toISOString()} is not after the previous row's ` +
          `${new Date(prev.candle.startTime).toISOString()} (rows must be in increasing time order, without duplicates)`,
      );
    }
  }
  return rows.map((r) => r.candle);
}

interface Located {
  candle: FileCandle;
  where: string;
}

export function parseCsv(file: string, text: string): Located[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new CandleFileError(`${file}: the file is empty`);
  const header = splitCsvLine(lines[headerIndex]!).map(normalizeName);
  const index = {} as Record<Field, number>;
  for (const field of FIELDS) {
    const at = header.findIndex((h) => (COLUMNS[field] as readonly string[]).includes(h));
    if (at < 0 && field !== 'volume') {
      throw new CandleFileError(
        `${file}: line ${headerIndex + 1}: no ${field === 'startTime' ? 'open_time (or timestamp, startTime)' : field} column ` +
          `in the header (expected open_time,open,high,low,close,volume)`,
      );
    }
    index[field] = at;
  }
  const out: Located[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const where = `line ${i + 1}`;
    const cells = splitCsvLine(line);
    const cell = (field: Field): string | undefined => (index[field] < 0 ? '0' : cells[index[field]]);
    out.push({ candle: readCandle(file, where, cell), where });
  }
  return out;
}

export function parseJson(file: string, text: string): Located[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CandleFileError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(data)) {
    throw new CandleFileError(
      `${file}: expected a JSON array of candles ({open_time, open, …} or [time, o, h, l, c, v])`,
    );
  }
  return data.map((item: unknown, i) => {
    const where = `item ${i + 1}`;
    if (Array.isArray(item)) {
      const cell = (field: Field) => asText(item[FIELDS.indexOf(field)] ?? (field === 'volume' ? '0' : undefined));
      return { candle: readCandle(file, where, cell), where };
    }
    if (item && typeof item === 'object') {
      const byName = new Map(Object.entries(item).map(([k, v]) => [normalizeName(k), v]));
      const cell = (field: Field) => {
        const name = COLUMNS[field].find((n) => byName.has(n));
        return name === undefined ? (field === 'volume' ? '0' : undefined) : asText(byName.get(name));
      };
      return { candle: readCandle(file, where, cell), where };
    }
    throw new CandleFileError(`${file}: ${where}: expected an object or an array, got ${JSON.stringify(item)}`);
  });
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? numberToPlainString(v) : String(v);
  return typeof v === 'string' ? v : undefined;
}

function readCandle(file: string, where: string, cell: (field: Field) => string | undefined): FileCandle {
  const fail = (problem: string): never => {
    throw new CandleFileError(`${file}: ${where}: ${problem}`);
  };
  const text = (field: Field): string => {
    const v = cell(field);
    if (v === undefined || v.trim() === '') return fail(`${field === 'startTime' ? 'time' : field} is missing`);
    return v.trim().replace(/^"(.*)"$/, '$1');
  };
  const time = parseTime(text('startTime'));
  if (typeof time === 'string') return fail(time);
  const decimal = (field: Field): string => {
    const d = toDecimalString(text(field));
    return d ?? fail(`${field} "${text(field)}" is not a non-negative number`);
  };
  return {
    startTime: time,
    open: decimal('open'),
    high: decimal('high'),
    low: decimal('low'),
    close: decimal('close'),
    volume: decimal('volume'),
  };
}

const ISO_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch milliseconds, or ISO 8601 (a space for the T is fine; no offset means UTC). A string is the problem. */
export function parseTime(text: string): number | string {
  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    return ms < 1e11 ? `time "${text}" looks like epoch seconds; epoch times must be in milliseconds` : ms;
  }
  const m = ISO_RE.exec(text);
  if (m) {
    const zone = m[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
    const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${zone}`);
    if (Number.isFinite(ms)) return ms;
  }
  return `time "${text}" is neither epoch milliseconds nor an ISO 8601 time like 2023-03-01 00:00:00+00:00`;
}

/** "23152.65", "1e-5", ".5", "007" → canonical decimal strings; undefined when not a non-negative number. */
export function toDecimalString(text: string): string | undefined {
  const t = text.trim().replace(/^\+/, '');
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  let s = /e/i.test(t) ? numberToPlainString(Number(t)) : t;
  if (s.startsWith('.')) s = `0${s}`;
  if (s.endsWith('.')) s = s.slice(0, -1);
  return s.replace(/^0+(?=\d)/, '');
}

/** The most common gap between consecutive candles (the smallest on a tie); undefined with fewer than two. */
export function inferIntervalMs(times: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap > 0) counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [gap, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && gap < best)) {
      best = gap;
      bestCount = count;
    }
  }
  return best;
}

function splitCsvLine(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}
