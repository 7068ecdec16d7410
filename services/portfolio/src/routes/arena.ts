import type { Express } from 'express';
import { quoteOf, type ArenaResponse } from '@roottrading/contracts';
import { validate } from '@roottrading/service';
import { arenaStandings } from '../arena.js';
import { noQuerySchema } from '../queries.js';
import { closedAggregates, dailyClosedResults } from '../repositories/closed-positions.js';
import { newestCandleTime } from '../repositories/market-time.js';
import { openPositions } from '../repositories/positions.js';
import { newestSnapshotCandleTime } from '../repositories/snapshots.js';
import { isDemo, type RouteDeps } from './deps.js';

/**
 * `GET /arena`: every strategy instance ranked — return, net PnL, win rate, profit factor, drawdown,
 * Sharpe, trades, open exposure, budget used — with its equity curve, over the mode's whole ledger.
 */
export function mountArenaRoutes(app: Express, deps: RouteDeps): void {
  const { db, view, prices, symbols } = deps;
  const demo = isDemo(deps);
  app.get('/arena', async (req, res) => {
    validate(noQuerySchema, req.query, 'query');
    const [aggregates, daily, open, snapshotTime] = await Promise.all([
      closedAggregates(db, demo, 'strategy'),
      dailyClosedResults(db, demo),
      openPositions(db, demo),
      newestSnapshotCandleTime(db, demo),
    ]);
    // The market clock: the newest of the account's snapshots, the stored candles and the prices seen.
    const times = [
      snapshotTime,
      await newestCandleTime(db, symbols),
      ...symbols.map((s) => prices.get(s, view.totals)?.time),
    ];
    const known = times.flatMap((t) => (t ? [t.getTime()] : []));
    const body: ArenaResponse = {
      mode: view.mode,
      source: deps.instances ? 'file' : 'trades',
      instances: arenaStandings({
        instances: deps.instances ?? null,
        aggregates,
        daily,
        open,
        quotes: [...new Set(symbols.map(quoteOf))],
        price: (symbol) => prices.get(symbol, view.totals)?.price,
        now: known.length > 0 ? Math.max(...known) : null,
      }),
    };
    res.json(body);
  });
}
