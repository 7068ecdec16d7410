import type { Express } from 'express';
import { quoteOf, type BalanceResponse } from '@roottrading/contracts';
import { aggregatesByQuote, costByQuote, demoStartingBalances } from '../repositories/trades.js';
import { buildSummary } from '../summary.js';
import { isDemo, type RouteDeps } from './deps.js';

/** `GET /portfolio/summary` and `GET /portfolio/balance` (as before issue 3: they take no parameters and ignore any). */
export function mountAccountRoutes(app: Express, deps: RouteDeps): void {
  const { db, view, symbols } = deps;
  const demo = isDemo(deps);

  app.get('/portfolio/summary', async (_req, res) => {
    const [aggregates, cost, starting] = await Promise.all([
      aggregatesByQuote(db, demo),
      costByQuote(db, demo),
      demo ? demoStartingBalances(db) : Promise.resolve(new Map()),
    ]);
    const startingCash = new Map([...starting].map(([asset, b]) => [asset, b.initial]));
    res.json(
      buildSummary({
        mode: view.mode,
        totals: view.totals,
        aggregates,
        costByQuote: cost,
        startingCash,
        quotes: [...new Set(symbols.map(quoteOf))],
      }),
    );
  });

  app.get('/portfolio/balance', (_req, res) => {
    const body: BalanceResponse = {
      mode: view.mode,
      updatedAt: view.balances ? new Date(view.balances.timestamp).toISOString() : null,
      balances: view.balances?.balances ?? [],
    };
    res.json(body);
  });
}
