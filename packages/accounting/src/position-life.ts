import { DB_SCALE, dec, type Decimal } from './decimal.js';
import type { Holding } from './position.js';
import { applyTrade, writeOffRemainder, type TradeEffect, type TradeFill } from './trade.js';

/**
 * An open position and its life so far: what its entries and exits came to, from its first buy
 * (flat → long) to the sell that makes it flat again. All amounts in the quote currency.
 */
export interface PositionLife {
  holding: Holding;
  /** Time of the first entry; null while flat. */
  openedAt: Date | null;
  /** Base quantity that entered the position (after any base fee) and what it cost. */
  entryQuantity: Decimal;
  entryCost: Decimal;
  /** Base quantity that left it by sells (a base fee included) and the proceeds at the fill prices. */
  exitQuantity: Decimal;
  exitProceeds: Decimal;
  realizedGross: Decimal;
  /** Every fee of the position's fills, valued in the quote currency. */
  fees: Decimal;
}

/** One closed position, as the history shows it. */
export interface ClosedLife {
  /** Total quantity that entered the position over its life. */
  quantity: Decimal;
  /** Average entry and exit prices, at the database scale. */
  entryPrice: Decimal;
  exitPrice: Decimal;
  openedAt: Date;
  closedAt: Date;
  grossPnl: Decimal;
  fees: Decimal;
  /** gross − fees. */
  netPnl: Decimal;
}

export interface LifeUpdate {
  life: PositionLife;
  effect: TradeEffect;
  /** Gross realized PnL booked by this fill, a written-off remainder included; null for buys. */
  realized: Decimal | null;
  /** The unsellable remainder written off by this sell, if any. */
  writtenOff: { quantity: Decimal; cost: Decimal } | null;
  /** Set when this fill made the position flat. */
  closed: ClosedLife | null;
}

export const FLAT_LIFE: PositionLife = {
  holding: { quantity: dec(0), cost: dec(0) },
  openedAt: null,
  entryQuantity: dec(0),
  entryCost: dec(0),
  exitQuantity: dec(0),
  exitProceeds: dec(0),
  realizedGross: dec(0),
  fees: dec(0),
};

/**
 * Books one fill on a position's life. A buy on a flat position opens a new life at `at`; a sell
 * that empties it closes the life and returns its record. With `dustBelow` (the market's quantity
 * step), a sell that leaves less than one step — which could never be sold — writes that
 * remainder off (see writeOffRemainder) and closes the position.
 */
export function recordTrade(
  current: PositionLife,
  fill: TradeFill,
  at: Date,
  opts: { dustBelow?: Decimal } = {},
): LifeUpdate {
  const life = current.holding.quantity.isZero() ? { ...FLAT_LIFE, openedAt: at } : current;
  const effect = applyTrade(life.holding, fill);
  const fees = life.fees.plus(effect.feeQuote);
  if (fill.side === 'BUY') {
    const next: PositionLife = {
      ...life,
      holding: effect.holding,
      entryQuantity: life.entryQuantity.plus(effect.positionQuantity),
      entryCost: life.entryCost.plus(effect.positionQuantity.mul(fill.price)),
      fees,
    };
    return { life: next, effect, realized: null, writtenOff: null, closed: null };
  }

  let holding = effect.holding;
  let realized = effect.realized ?? dec(0);
  let writtenOff: LifeUpdate['writtenOff'] = null;
  if (opts.dustBelow && holding.quantity.gt(0) && holding.quantity.lt(opts.dustBelow)) {
    const off = writeOffRemainder(holding);
    writtenOff = { quantity: holding.quantity, cost: holding.cost };
    holding = off.holding;
    realized = realized.plus(off.realized);
  }
  const next: PositionLife = {
    ...life,
    holding,
    exitQuantity: life.exitQuantity.plus(effect.positionQuantity),
    exitProceeds: life.exitProceeds.plus(effect.positionQuantity.mul(fill.price)),
    realizedGross: life.realizedGross.plus(realized),
    fees,
  };
  if (!holding.quantity.isZero()) return { life: next, effect, realized, writtenOff, closed: null };
  const closed: ClosedLife = {
    quantity: next.entryQuantity,
    entryPrice: next.entryCost.div(next.entryQuantity).toDecimalPlaces(DB_SCALE),
    exitPrice: next.exitProceeds.div(next.exitQuantity).toDecimalPlaces(DB_SCALE),
    openedAt: next.openedAt ?? at,
    closedAt: at,
    grossPnl: next.realizedGross,
    fees: next.fees,
    netPnl: next.realizedGross.minus(next.fees),
  };
  return { life: FLAT_LIFE, effect, realized, writtenOff, closed };
}
