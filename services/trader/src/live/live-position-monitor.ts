import { dec, type Decimal } from '@roottrading/accounting';
import type { Candle, ExitReason } from '@roottrading/contracts';
import type { Db, OrderRow, PositionRow } from '@roottrading/db';
import type { Logger } from '@roottrading/logger';
import type { TraderConfig } from '../config.js';
import { evaluateCandle } from '@roottrading/engine';
import { trailingSpecOf } from '../orders/trailing-rule.js';
import { candlesBetween } from '../repositories/candles.js';
import { markMonitored, saveTrails, type TrailUpdate } from '../repositories/positions.js';
import { listLivePositions, listUnsettledLiveOrders } from './live-order-store.js';
import type { Markets } from './types.js';

/** Sells a whole position at market; held back (why) when a resting SELL of it could not be cancelled. */
export type SellWhole = (
  p: PositionRow,
  sells: readonly OrderRow[],
  exitReason: ExitReason,
  referencePrice: Decimal,
) => Promise<{ heldBack: string } | { result: unknown }>;

/**
 * The position monitor of live mode: a closed candle is checked against the protections (stop,
 * target, trail) of the live positions of its symbol with the pure evaluateCandle, as in demo.
 * One that triggers sells the whole position through the account (`sellWhole`); trails that moved
 * and how far each position was checked are saved. Never an exchange-side OCO. Runs inside the
 * account's queue (the account calls it from its jobs).
 */
export class LivePositionMonitor {
  constructor(
    private readonly deps: {
      db: Db;
      markets: Markets;
      config: Pick<TraderConfig, 'INTERVAL'>;
      logger: Logger;
      now: () => number;
      /** The account's counters: protectiveExits counts every exit that triggered. */
      stats: { protectiveExits: number };
      sellWhole: SellWhole;
    },
  ) {}

  /**
   * The stored candles that closed while the trader was down, checked against each protected live
   * position from the one after the last it was checked against (or its entry). A stop, target or
   * trail crossed meanwhile sells now, at market. The number of protective exits.
   */
  async catchUp(source: string): Promise<number> {
    const { db, config, logger, stats } = this.deps;
    const exitsBefore = stats.protectiveExits;
    const symbols = new Set((await listLivePositions(db)).filter(isProtected).map((p) => p.symbol));
    for (const symbol of symbols) {
      const from = Math.min(
        ...(await listLivePositions(db)).filter((p) => p.symbol === symbol && isProtected(p)).map(resumeFrom),
      );
      // Only the exchange's own candles: a replay stored in the same table never moves a live stop.
      const missed = (
        await candlesBetween(db, symbol, config.INTERVAL, new Date(from - 1), new Date(this.deps.now()))
      ).filter((c) => c.source === source);
      for (const c of missed) {
        await this.check({
          symbol,
          startTime: c.open_time.getTime(),
          open: c.open,
          high: c.high,
          low: c.low,
        });
      }
      if (missed.length > 0)
        logger.info({ symbol, candles: missed.length }, 'missed candles checked against live protections');
    }
    return stats.protectiveExits - exitsBefore;
  }

  async check(candle: Pick<Candle, 'symbol' | 'startTime' | 'open' | 'high' | 'low'>): Promise<void> {
    const { db, logger } = this.deps;
    // No look-ahead (only candles that opened after the entry filled), and no candle checked twice.
    const watched = (await listLivePositions(db)).filter(
      (p) => p.symbol === candle.symbol && isProtected(p) && candle.startTime >= resumeFrom(p),
    );
    if (watched.length === 0) return;
    const market = this.deps.markets.get(candle.symbol);
    if (!market) return;
    const unsettled = await listUnsettledLiveOrders(db);
    const trails: TrailUpdate[] = [];
    const checked: { strategy: string; symbol: string }[] = [];
    for (const p of watched) {
      const sells = unsettled.filter((o) => o.side === 'SELL' && o.strategy === p.strategy && o.symbol === p.symbol);
      // A SELL whose outcome is unknown may have sold the position already: no second exit. A
      // resting SELL limit does not switch the protections off: it is cancelled when one triggers.
      if (sells.some((o) => o.status === 'pending')) {
        logger.debug({ strategy: p.strategy, symbol: p.symbol }, 'a sell of this position is pending: no second exit');
        continue;
      }
      checked.push(p);
      const quantity = dec(p.quantity);
      const verdict = evaluateCandle(
        {
          entryPrice: dec(p.cost).div(quantity),
          protection: {
            stopLoss: p.stop_loss === null ? null : dec(p.stop_loss),
            takeProfit: p.take_profit === null ? null : dec(p.take_profit),
            trailing: trailingSpecOf(p.trailing_stop),
          },
          trail:
            p.trail_high === null
              ? null
              : { high: dec(p.trail_high), stop: p.trail_stop === null ? null : dec(p.trail_stop) },
        },
        { open: dec(candle.open), high: dec(candle.high), low: dec(candle.low) },
        market.tickSize,
      );
      if (verdict.trail) {
        trails.push({
          strategy: p.strategy,
          symbol: p.symbol,
          openedAt: p.opened_at!,
          high: verdict.trail.high.toFixed(),
          stop: verdict.trail.stop?.toFixed() ?? null,
        });
      }
      if (!verdict.exit) continue;
      const { reason, price } = verdict.exit;
      logger.warn({ strategy: p.strategy, symbol: p.symbol, reason, level: price.toFixed() }, 'protective exit');
      this.deps.stats.protectiveExits++;
      const sold = await this.deps.sellWhole(p, sells, reason, price);
      if ('heldBack' in sold) {
        // The next crossing candle tries again.
        logger.error(
          { strategy: p.strategy, symbol: p.symbol, reason, stillOpen: sold.heldBack },
          'protective exit held back',
        );
      }
    }
    await db.transaction().execute(async (tx) => {
      await saveTrails(tx, trails, false);
      await markMonitored(tx, checked, new Date(candle.startTime));
    });
  }
}

function isProtected(p: PositionRow): boolean {
  return p.opened_at !== null && (p.stop_loss !== null || p.take_profit !== null || p.trailing_stop !== null);
}

/** The open time of the first candle a position still needs checked against. */
function resumeFrom(p: PositionRow): number {
  const opened = p.opened_at!.getTime();
  return p.monitored_until && p.monitored_until.getTime() >= opened ? p.monitored_until.getTime() + 1 : opened;
}
