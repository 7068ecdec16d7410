import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { symbolList } from '@roottrading/config';
import { intervalSchema, intervalToMs } from '@roottrading/contracts';
import { parseTime } from '@roottrading/market-data';
import { DownloadArgsError } from './errors.js';

export interface DownloadArgs {
  exchange: string;
  symbols: string[];
  interval: string;
  intervalMs: number;
  from: number;
  /** Exclusive; undefined: up to the last closed candle. */
  to?: number;
  out?: string;
  help: boolean;
}

export const USAGE = `pnpm data:download --exchange ID --symbols LIST --interval INTERVAL --from TIME [--to TIME] [--out DIR]

  --exchange ID       a ccxt exchange id, e.g. binance
  --symbols LIST      e.g. BTC/USDC,ETH/USDC (BTCUSDC is accepted too)
  --interval INTERVAL a timeframe the exchange offers, e.g. 1m, 5m, 1h, 1d
  --from TIME         first candle open time (ISO date or time, or epoch ms), inclusive
  --to TIME           last candle open time, exclusive (default: now; the candle still forming is never stored)
  --out DIR           also write one CSV per symbol there, e.g. binance_BTCUSDC_1m.csv (what the replay source reads)
Candles go into the candles table at DATABASE_URL (environment or .env); what it holds already is skipped.`;

const OPTIONS = {
  exchange: { type: 'string' },
  symbols: { type: 'string' },
  interval: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function parseDownloadArgs(argv: readonly string[]): DownloadArgs {
  let values;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new DownloadArgsError(`${(err as Error).message} (pnpm data:download --help lists the options)`);
  }
  if (values.help) return { exchange: '', symbols: [], interval: '', intervalMs: 0, from: 0, help: true };
  const exchange = required('exchange', values.exchange).toLowerCase();
  const symbols = parsed('symbols', symbolList(''), required('symbols', values.symbols));
  const interval = parsed('interval', intervalSchema, required('interval', values.interval));
  const from = time('from', required('from', values.from));
  const to = values.to === undefined ? undefined : time('to', values.to);
  if (to !== undefined && to <= from) throw new DownloadArgsError('--to must be after --from');
  if (values.out === '') throw new DownloadArgsError('--out must name a directory');
  return {
    exchange,
    symbols,
    interval,
    intervalMs: intervalToMs(interval),
    from,
    ...(to !== undefined ? { to } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    help: false,
  };
}

function required(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '')
    throw new DownloadArgsError(`--${name} is required (pnpm data:download --help lists the options)`);
  return value.trim();
}

function parsed<S extends z.ZodType>(name: string, schema: S, value: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problem = result.error.issues[0]?.message ?? 'is not valid';
  // symbolList's message already quotes the part it refused.
  throw new DownloadArgsError(`--${name} ${problem}${problem.includes('"') ? '' : ` (got "${value}")`}`);
}

function time(name: string, raw: string): number {
  const t = parseTime(raw.trim());
  if (typeof t === 'string') throw new DownloadArgsError(`--${name}: ${t}`);
  return t;
}
