import type { Express } from 'express';
import { decimalString, equityQuerySchema, quoteOf, type EquityCurve } from '@roottrading/contracts';
import { validate } from '@roottrading/service';
import { buildEquityCurve, type EquitySample } from '../equity-curve.js';
import { equitySamples } from '../repositories/snapshots.js';
import { isDemo, type RouteDeps } from './deps.js';

/** `GET /portfolio/equity?currency=USDC&limit=500`: the account's value over candle time, with its max drawdown. */
export function mountEquityRoutes(app: Express, deps: RouteDeps): void {
  const demo = isDemo(deps);
  const defaultCurrency = quoteOf(deps.symbols[0] ?? 'BTC/USDC');

  app.get('/portfolio/equity', async (req, res) => {
    const query = validate(equityQuerySchema, req.query, 'query');
    const currency = query.currency ?? defaultCurrency;
    const rows = await equitySamples(deps.db, demo, currency);
    // A total that is not a decimal (a hand-edited row) is skipped rather than failing the whole curve.
    const samples = rows.filter((r): r is EquitySample => r.value !== null && decimalString.safeParse(r.value).success);
    const body: EquityCurve = { mode: deps.view.mode, currency, ...buildEquityCurve(samples, query.limit) };
    res.json(body);
  });
}
