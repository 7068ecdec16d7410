import type { Express } from 'express';
import { dec, toPlain } from '@roottrading/accounting';
import { quoteOf, type KillSwitchState, type LiveStats } from '@roottrading/contracts';
import { validate } from '@roottrading/service';
import { isoOrNull } from '../format.js';
import { noQuerySchema } from '../queries.js';
import { closedWinCount } from '../repositories/closed-positions.js';
import { countSignals, newestCandleTime } from '../repositories/market-time.js';
import { countOpenPositions } from '../repositories/positions.js';
import { activePauses, riskState } from '../repositories/risk.js';
import { newestSnapshotCandleTime } from '../repositories/snapshots.js';
import { countTrades, demoStartingBalances } from '../repositories/trades.js';
import { utcDayOf } from '../utc-day.js';
import { isDemo, type RouteDeps } from './deps.js';

const INACTIVE: KillSwitchState = { active: false, reason: null, trippedAt: null, resetBy: null, resetAt: null };

/**
 * `GET /stats/live`. "Today" is market time: the UTC day of the newest candle time the account's
 * snapshots describe (else of the newest stored candle of SYMBOLS), so a replay of March 2023 counts
 * March 2023's days, not the wall clock's.
 */
export function mountLiveStatsRoutes(app: Express, deps: RouteDeps): void {
  const { db, view, symbols } = deps;
  const demo = isDemo(deps);
  const quotes = [...new Set(symbols.map(quoteOf))];

  app.get('/stats/live', async (req, res) => {
    validate(noQuerySchema, req.query, 'query');
    const marketTime = (await newestSnapshotCandleTime(db, demo)) ?? (await newestCandleTime(db, symbols));
    const today = marketTime ? utcDayOf(marketTime) : null;
    const [signalsToday, tradesToday, tradesTotal, closed, openPositions, risk, pauses, balances] = await Promise.all([
      today ? countSignals(db, today) : 0,
      today ? countTrades(db, demo, today) : 0,
      countTrades(db, demo),
      closedWinCount(db, demo),
      countOpenPositions(db, demo),
      riskState(db, demo),
      activePauses(db, demo),
      liveBalances(deps, demo, quotes),
    ]);
    const body: LiveStats = {
      mode: view.mode,
      day: today?.day ?? null,
      signalsToday,
      tradesToday,
      tradesTotal,
      winRate: closed.closed === 0 ? null : toPlain(dec(closed.wins).div(closed.closed)),
      balances,
      openPositions,
      killSwitch: risk
        ? {
            active: risk.kill_switch,
            reason: risk.kill_reason,
            trippedAt: isoOrNull(risk.tripped_at),
            resetBy: risk.reset_by,
            resetAt: isoOrNull(risk.reset_at),
          }
        : INACTIVE,
      pauses: pauses.map((p) => ({
        scope: p.scope,
        target: p.target,
        pausedBy: p.paused_by,
        pausedAt: p.paused_at.toISOString(),
      })),
    };
    res.json(body);
  });
}

/**
 * Per quote currency, as the trader last published it (or its last snapshot). Before the first
 * one, a demo account shows its cash from demo_balances with no total (holdings not yet valued).
 */
async function liveBalances({ db, view }: RouteDeps, demo: boolean, quotes: string[]): Promise<LiveStats['balances']> {
  if (view.totals) return view.totals.totals.map((t) => ({ currency: t.currency, total: t.total, cash: t.cash }));
  if (!demo) return [];
  const rows = await demoStartingBalances(db);
  return quotes.flatMap((currency) => {
    const b = rows.get(currency);
    return b ? [{ currency, total: null, cash: toPlain(dec(b.free).plus(b.locked)) }] : [];
  });
}
