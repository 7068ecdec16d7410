import type { StepContext } from '../core/state.js';
import { byText, type EngineCandle, type EnginePosition } from '../core/types.js';
import { isProtected } from '../protection/entry-protection.js';
import { evaluateCandle } from '../protection/evaluate-exit.js';
import { takePartial } from './partial-exit.js';
import { sellWhole } from './sell-whole.js';

/** Most candles exit nothing: they share one empty set rather than make one each. */
const NONE_EXITED: ReadonlySet<string> = new Set();

/**
 * Step (1) of a candle: every protected position of the symbol opened before it, in strategy order.
 * Inside the candle: a stop, a target or a trailing stop sells it all (evaluateCandle); else a due
 * time stop sells it all at the close (the close is the candle's last price, so any level the candle
 * reached came first — and a partial take-profit reached on that candle is not taken separately);
 * else a partial take-profit reached sells its share. Returns the strategies exited on it.
 */
export function protectiveExits(ctx: StepContext, c: EngineCandle): ReadonlySet<string> {
  const { state, config } = ctx;
  let exited: Set<string> | undefined;
  const tick = config.markets.get(c.symbol)?.tickSize;
  if (!tick) return NONE_EXITED;
  // Each with its key as the map holds it: a key made again (positionKey) is a new string to hash on every candle.
  const watched: [string, EnginePosition][] = [];
  for (const entry of state.positions) {
    const p = entry[1];
    if (p.symbol !== c.symbol || p.exitOrderId !== null || p.exitWhenFreed) continue;
    if (!isProtected(p.protection)) continue;
    if (p.checkedThrough === null || p.checkedThrough < c.openTime) watched.push(entry);
  }
  if (watched.length > 1) watched.sort((a, b) => byText(a[1].strategy, b[1].strategy));
  for (const [key, p] of watched) {
    // The entry price only matters to a trail waiting for its activation gain on a new high: worked
    // out then, from the holding (a holding, not a closure: none is made per candle).
    const watch = {
      protection: p.protection,
      trail: p.trail,
      entryPrice: p.life.holding,
      partialTaken: p.partialTaken,
    };
    const verdict = evaluateCandle(watch, c, tick);
    // A position opened with no candle of its symbol known counts its time stop from the first one checked.
    const entryCandle = p.entryCandle ?? c.openTime - config.intervalMs;
    const checked = { ...p, checkedThrough: c.openTime, trail: verdict.trail ?? p.trail, entryCandle };
    state.positions.set(key, checked);
    // The runner keeps where a trail stands; where a position was checked through follows the candles.
    if (verdict.trail || p.entryCandle === null) ctx.log.emit({ type: 'position', position: checked });
    const timeStop = p.protection.timeStop;
    if (verdict.exit) {
      (exited ??= new Set()).add(p.strategy);
      sellWhole(ctx, checked, {
        source: 'protection',
        exitReason: verdict.exit.reason,
        price: verdict.exit.price,
        exactPrice: true,
        fillTime: c.closeTime,
      });
    } else if (timeStop !== null && c.openTime >= entryCandle + timeStop * config.intervalMs) {
      // Counted in time, not candles seen: a missing candle still counts, and a restart counts the same.
      (exited ??= new Set()).add(p.strategy);
      sellWhole(ctx, checked, {
        source: 'protection',
        exitReason: 'time_stop',
        price: c.close,
        exactPrice: false,
        fillTime: c.closeTime,
      });
    } else if (verdict.partial) {
      takePartial(ctx, checked, verdict.partial, c.closeTime);
    }
  }
  return exited ?? NONE_EXITED;
}
