import type { Express } from 'express';
import { z } from 'zod';
import {
  intervalSchema,
  intervalToMs,
  positiveIntQuery,
  resolveSymbol,
  type ChartCandle,
  type CandlesResponse,
} from '@roottrading/contracts';
import { numericText, recentCandles, type CandleRow, type Db } from '@roottrading/db';
import { validate } from '@roottrading/service';
import { checkTimeframe, TIMEFRAMES } from '@roottrading/strategies';
import { aggregatedCandles } from './aggregated-candles.js';

/*
 * GET /candles: stored candles for the chart, or bars of a higher timeframe built from them. The response's schema is in packages/contracts
 * (candlesResponseSchema, shared with the backtest service's candles); the query's stays here, its
 * default interval being this gateway's.
 */

export const MAX_CANDLES = 5_000;
const DEFAULT_CANDLES = 500;

/** "2023-03-01", "2023-03-01T00:05:00Z", "2023-03-01T00:05:00.000+01:00"; no offset means UTC. */
const ISO_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const BEFORE_MESSAGE = 'must be an ISO-8601 time like 2023-03-01T12:00:00Z or epoch milliseconds';

/** An ISO-8601 time or epoch milliseconds → a Date; undefined → undefined (no bound). */
const timeQuery = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    let ms = Number.NaN;
    if (/^\d{1,16}$/.test(v)) ms = Number(v);
    else {
      const match = ISO_RE.exec(v);
      // Date.parse reads a date-time without an offset as local time; the API means UTC, as the replay files do.
      if (match) ms = Date.parse(match[1] || !v.includes('T') ? v : `${v}Z`);
    }
    if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) {
      ctx.addIssue({ code: 'custom', message: BEFORE_MESSAGE });
      return z.NEVER;
    }
    return new Date(ms);
  });

/** The timeframes the stored interval can build (5m … 1d from 1m): whole multiples that divide a day. */
export function builtTimeframes(baseInterval: string): string[] {
  return TIMEFRAMES.filter((tf) => {
    if (tf === baseInterval) return false;
    try {
      checkTimeframe(tf, baseInterval);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * `GET /candles?symbol=BTCUSDC&interval=1h&limit=500&before=…`: symbol resolved against SYMBOLS;
 * interval the stored one (the default) or one built from it.
 */
export function candlesQuerySchema(symbols: readonly string[], defaultInterval: string) {
  const built = builtTimeframes(defaultInterval);
  const intervals = [defaultInterval, ...built];
  const intervalMessage =
    built.length > 0
      ? `must be ${defaultInterval} (stored) or one built from it: ${built.join(', ')}`
      : `must be ${defaultInterval} (the stored interval)`;
  return z.strictObject({
    symbol: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a single value') })
      .transform((v, ctx) => {
        const symbol = resolveSymbol(v, symbols);
        if (!symbol) {
          ctx.addIssue({ code: 'custom', message: `must be one of ${symbols.join(', ')}` });
          return z.NEVER;
        }
        return symbol;
      }),
    interval: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const interval = v === undefined || v === '' ? defaultInterval : v;
        const parsed = intervalSchema.safeParse(interval);
        // One message: a malformed interval is not also reported as one that cannot be built.
        const message = parsed.success
          ? intervals.includes(interval)
            ? undefined
            : intervalMessage
          : parsed.error.issues[0]!.message;
        if (message === undefined) return interval;
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }),
    limit: positiveIntQuery('limit', MAX_CANDLES, DEFAULT_CANDLES),
    before: timeQuery,
  });
}
export type CandlesQuery = z.output<ReturnType<typeof candlesQuerySchema>>;

export interface CandlesRouteDeps {
  db: Db;
  symbols: readonly string[];
  interval: string;
}

export function mountCandlesRoute(app: Express, deps: CandlesRouteDeps): void {
  const querySchema = candlesQuerySchema(deps.symbols, deps.interval);
  const baseMs = intervalToMs(deps.interval);
  app.get('/candles', async (req, res) => {
    const q = validate(querySchema, req.query, 'query');
    if (q.interval === deps.interval) {
      const rows = await recentCandles(deps.db, q.symbol, q.interval, q.limit, q.before);
      res.json(candlesView(q, rows));
      return;
    }
    const built = await aggregatedCandles(deps.db, {
      symbol: q.symbol,
      baseInterval: deps.interval,
      baseMs,
      timeframeMs: intervalToMs(q.interval),
      limit: q.limit,
      before: q.before,
    });
    res.json(responseOf(q, built.sources, built.candles));
  });
}

function responseOf(
  q: Pick<CandlesQuery, 'symbol' | 'interval'>,
  sources: readonly string[],
  candles: ChartCandle[],
): CandlesResponse {
  return { symbol: q.symbol, interval: q.interval, source: sources.length > 0 ? sources.join(',') : null, candles };
}

export function candlesView(q: Pick<CandlesQuery, 'symbol' | 'interval'>, rows: readonly CandleRow[]): CandlesResponse {
  return responseOf(
    q,
    [...new Set(rows.map((r) => r.source))],
    rows.map((r) => ({
      startTime: new Date(r.open_time).getTime(),
      closeTime: new Date(r.close_time).getTime(),
      open: numericText(r.open),
      high: numericText(r.high),
      low: numericText(r.low),
      close: numericText(r.close),
      volume: numericText(r.volume),
    })),
  );
}
