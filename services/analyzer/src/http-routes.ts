import type { Express } from 'express';
import { z } from 'zod';
import { positiveIntQuery, resolveSymbol } from '@roottrading/contracts';
import { numericText, type Db, type SignalRow } from '@roottrading/db';
import { validate } from '@roottrading/service';
import { protectionView, type LoadedStrategy } from '@roottrading/strategies';
import { recentSignals } from './repositories/signals.js';

const MAX_LIMIT = 500;

/** `GET /signals?symbol=BTCUSDC&strategy=RSI_Strategy&limit=50`: symbol resolved against SYMBOLS. */
export function signalsQuerySchema(symbols: readonly string[], strategies: readonly string[]) {
  return z.strictObject({
    symbol: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return undefined;
        const symbol = resolveSymbol(v, symbols);
        if (!symbol) {
          ctx.addIssue({ code: 'custom', message: `must be one of ${symbols.join(', ')}` });
          return z.NEVER;
        }
        return symbol;
      }),
    strategy: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return undefined;
        const name = strategies.find((s) => s.toLowerCase() === v.toLowerCase());
        if (!name) {
          ctx.addIssue({ code: 'custom', message: `must be one of ${strategies.join(', ')}` });
          return z.NEVER;
        }
        return name;
      }),
    limit: positiveIntQuery('limit', MAX_LIMIT, 50),
  });
}

export interface RouteDeps {
  db: Db;
  symbols: readonly string[];
  strategies: readonly LoadedStrategy[];
}

/** The analyzer's read-only API for the frontend: what runs, and what it signalled. */
export function mountRoutes(app: Express, deps: RouteDeps): void {
  const querySchema = signalsQuerySchema(
    deps.symbols,
    deps.strategies.map((s) => s.name),
  );

  app.get('/strategies', (_req, res) => {
    res.json({
      strategies: deps.strategies.map((s) => ({
        name: s.name,
        description: s.description,
        params: s.params,
        // The bars it is stepped on: INTERVAL, or the timeframe it declares (EMA_TIMEFRAME, …); a
        // multi-symbol one is stepped on INTERVAL's cross-sections of the symbols it reads.
        ...(s.kind === 'single-symbol' ? { timeframe: s.timeframes.primary } : {}),
        protection: protectionView(s.protection),
        warmupCandles: s.warmupCandles,
        // STRATEGIES_FILE instances: the strategy they run, their symbols and budget (null: all, none).
        strategy: s.strategy ?? s.name,
        symbols: s.kind === 'multi-symbol' ? s.symbolsOf(s.symbols ?? deps.symbols) : (s.symbols ?? null),
        budget: s.budget ?? null,
      })),
    });
  });

  app.get('/signals', async (req, res) => {
    const query = validate(querySchema, req.query, 'query');
    const rows = await recentSignals(deps.db, query);
    res.json({ signals: rows.map(signalView) });
  });
}

/** A stored signal for HTTP: times as ISO-8601, the price without NUMERIC's trailing zeros. */
function signalView(row: SignalRow) {
  return {
    id: row.id,
    strategy: row.strategy,
    symbol: row.symbol,
    interval: row.interval,
    side: row.side,
    timestamp: new Date(row.candle_time).toISOString(),
    price: numericText(row.price),
    metadata: row.metadata,
    createdAt: new Date(row.emitted_at).toISOString(),
  };
}
